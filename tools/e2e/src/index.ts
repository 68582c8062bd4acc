export * from "./admin.js";
export * from "./archive-open.js";
export * from "./bank.js";
export * from "./browser.js";
export * from "./product.js";
export * from "./screenshots.js";
export * from "./start.js";
