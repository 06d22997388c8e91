import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

/** The datasets/ folder of this checkout (committed manifests and sources live under it). */
export const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url));

/** Default cache for rebuilt shards: datasets/.cache (gitignored). */
export const DEFAULT_CACHE_DIR = join(PACKAGE_DIR, '.cache');
