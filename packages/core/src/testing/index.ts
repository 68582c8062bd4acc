export { createFaultyStorage, type FaultyStorage } from "./faulty-storage.js";
export {
  type MemoryBank,
  type MemoryTargetOptions,
  memoryBankSource,
  memoryBankTarget,
} from "./memory-bank.js";
