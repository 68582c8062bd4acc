import { describe, expect, it } from "vitest";
import { badInput, ERROR_CODES, isQvaultError, notFound, QvaultError, toQvaultError } from "../index.js";

describe("QvaultError", () => {
  it("carries a code from the table, details and a cause", () => {
    const cause = new Error("disk");
    const error = new QvaultError("INTEGRITY_ERROR", "pack damaged", { details: { pack: "p1" }, cause });
    expect(error).toMatchObject({
      code: "INTEGRITY_ERROR",
      message: "pack damaged",
      details: { pack: "p1" },
      cause,
    });
    expect(error.code in ERROR_CODES).toBe(true);
    expect(isQvaultError(error)).toBe(true);
  });

  it("normalises anything thrown: a QvaultError passes, the rest becomes a generic INTERNAL_SERVER_ERROR", () => {
    const known = notFound("Question", "q1");
    expect(toQvaultError(known)).toBe(known);
    for (const thrown of [new Error("SQLITE_BUSY: secret path /x"), "text", 42, null]) {
      const normalised = toQvaultError(thrown);
      expect(normalised.code).toBe("INTERNAL_SERVER_ERROR");
      expect(normalised.message).toBe("Internal error");
      expect(normalised.cause).toBe(thrown);
    }
  });

  it("names the field of bad input", () => {
    expect(badInput("answers.2.text", "must not be empty")).toMatchObject({
      code: "BAD_USER_INPUT",
      details: { field: "answers.2.text" },
    });
  });
});
