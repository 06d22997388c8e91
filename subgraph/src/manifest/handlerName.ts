/** The mapping function that handles an event: `handle<EventName>` (the manifest and the mappings agree on it). */
export const handlerName = (eventName: string): string => `handle${eventName}`;
