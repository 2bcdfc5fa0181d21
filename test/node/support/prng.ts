// The seeded PRNG of randomised tests is the one the shipped directory generator uses.
export { mulberry32 as prng } from '../../../src/shared/prng.js';
