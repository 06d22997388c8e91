import { Option, type Command } from 'commander';
import { CONFIG_ENV, CONFIG_FLAG } from './resolveConfig';
import { envName, flagName, type OptionSpecs } from './optionSpec';

function shownDefault(value: unknown): string {
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

const withConfig = new WeakSet<Command>();

/**
 * Declares `specs` on a commander command without parsers or defaults: commander only collects what was
 * typed (and rejects unknown flags); `resolveConfig` merges env, file and defaults and validates, so every
 * source gets the same checks and messages. Help lines show the env twin and the default.
 */
export function addOptions(command: Command, specs: OptionSpecs): Command {
  for (const [key, spec] of Object.entries(specs)) {
    const flag = `--${flagName(key)}`;
    const extras = [`env ${envName(key)}`];
    if (spec.default !== undefined) extras.push(`default ${shownDefault(spec.default)}`);
    if (spec.required) extras.push('required');
    const option = new Option(
      spec.switch ? flag : `${flag} <${spec.valueName ?? 'value'}>`,
      `${spec.description} [${extras.join(', ')}]`,
    );
    command.addOption(option);
  }
  if (!withConfig.has(command)) {
    withConfig.add(command);
    command.addOption(
      new Option(
        `--${CONFIG_FLAG} <path>`,
        `JSON file of option names to values (flags and env win) [env ${CONFIG_ENV}]`,
      ),
    );
  }
  return command;
}

/** The values commander parsed, without the ones not given. */
export function givenFlags(command: Command): Record<string, unknown> {
  return Object.fromEntries(Object.entries(command.opts()).filter(([, v]) => v !== undefined));
}
