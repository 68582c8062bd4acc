export * from "./browser.js";
export * from "./product.js";
