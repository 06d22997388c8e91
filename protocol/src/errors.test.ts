import { describe, expect, it } from 'vitest';
import { ProtocolError, VeritrainError } from './errors';

type WidgetErrorCode = 'WIDGET_MISSING' | 'WIDGET_BROKEN';

/** A subclass as every package writes one: its own code union, its name restated as a literal. */
class WidgetError extends VeritrainError<WidgetErrorCode> {
  override readonly name = 'WidgetError';
}

describe('VeritrainError', () => {
  it('carries the code, message, details and cause a subclass was given', () => {
    const cause = new TypeError('fetch failed');
    const err = new WidgetError('WIDGET_MISSING', 'widget 7 not found', { details: { widgetId: 7 }, cause });
    expect(err.code).toBe('WIDGET_MISSING');
    expect(err.message).toBe('widget 7 not found');
    expect(err.details).toEqual({ widgetId: 7 });
    expect(err.cause).toBe(cause);
    expect(err.name).toBe('WidgetError');
    expect(String(err)).toBe('WidgetError: widget 7 not found');
  });

  it('is caught as the base class and as an Error', () => {
    const err: unknown = new WidgetError('WIDGET_BROKEN', 'widget 7 is broken');
    expect(err).toBeInstanceOf(WidgetError);
    expect(err).toBeInstanceOf(VeritrainError);
    expect(err).toBeInstanceOf(Error);
  });

  it('has empty frozen details and no own cause when none is given', () => {
    const err = new WidgetError('WIDGET_BROKEN', 'widget 7 is broken');
    expect(err.details).toEqual({});
    expect(Object.isFrozen(err.details)).toBe(true);
    expect(Object.hasOwn(err, 'cause')).toBe(false);
  });

  it('copies details, so that mutating the caller object later does not change the error', () => {
    const details: Record<string, unknown> = { widgetId: 7 };
    const err = new WidgetError('WIDGET_MISSING', 'widget 7 not found', { details });
    details.widgetId = 8;
    expect(err.details).toEqual({ widgetId: 7 });
  });

  it('names an unnamed subclass after its class', () => {
    class GadgetError extends VeritrainError {}
    expect(new GadgetError('X', 'm').name).toBe('GadgetError');
    expect(new VeritrainError('X', 'm').name).toBe('VeritrainError');
  });

  it('is the base of ProtocolError, whose message and code are unchanged', () => {
    const err = new ProtocolError('UNKNOWN_STEP', 'no step 3 in run 1', { details: { step: 3 } });
    expect(err).toBeInstanceOf(VeritrainError);
    expect(err.name).toBe('ProtocolError');
    expect(err.code).toBe('UNKNOWN_STEP');
    expect(err.message).toBe('no step 3 in run 1');
    expect(err.details).toEqual({ step: 3 });
  });
});
