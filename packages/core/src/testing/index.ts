export { createFaultyStorage, type FaultyStorage } from "./faulty-storage.js";
export { type MemoryBank, memoryBankSource } from "./memory-bank.js";
