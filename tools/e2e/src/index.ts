export * from "./admin.js";
export * from "./browser.js";
export * from "./product.js";
