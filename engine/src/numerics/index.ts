export { assertFinite } from './assertFinite';
export { exp32, EXP_COEFFS, EXP_LOG2E, LN2_HI, LN2_LO } from './exp';
export { log32, LOG_COEFFS } from './log';
export { tanh32, TANH_COEFFS, TANH_SMALL } from './tanh';
export { bitsToF32, f32ToBits, roundHalfEven } from './f32';
