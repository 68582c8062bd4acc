import { describe, expect, it } from "vitest";
import { type AnswerFormValue, duplicateAnswerErrors, duplicateMessage } from "./question-form-values";
import { planTypeChange } from "./type-change";

const answers = (...marks: [string, boolean][]): AnswerFormValue[] =>
  marks.map(([text, isCorrect], index) => ({ key: `a${index}`, text, isCorrect }));

describe("planTypeChange", () => {
  it("says which marks a switch to single choice drops, and keeps the first correct answer", () => {
    const change = planTypeChange(
      "SINGLE_CHOICE",
      answers(["a", false], ["b", true], ["c", true], ["d", true]),
    );
    expect(change.answers.map((answer) => answer.isCorrect)).toEqual([false, true, false, false]);
    expect(change.changes).toEqual([
      "Answers 3 and 4 will no longer be marked correct: a single choice question has one correct answer, and answer 2 stays it.",
    ]);
  });

  it("says which answers a switch to true / false removes", () => {
    const change = planTypeChange(
      "TRUE_FALSE",
      answers(["a", false], ["b", false], ["c", true], ["d", false]),
    );
    expect(change.answers.map((answer) => answer.text)).toEqual(["a", "c"]);
    expect(change.changes[0]).toMatch(/^Answers 2 and 4 \(“b”, “d”\) will be removed/);
  });

  it("adds True and False to a question with no answers", () => {
    const change = planTypeChange("TRUE_FALSE", []);
    expect(change.answers.map((answer) => [answer.text, answer.isCorrect])).toEqual([
      ["True", true],
      ["False", false],
    ]);
    expect(change.changes).toHaveLength(2);
  });

  it("says that short answer accepts the wrong answers too", () => {
    const change = planTypeChange("SHORT_ANSWER", answers(["a", true], ["b", false]));
    expect(change.changes).toEqual([
      "Answer 2, now marked wrong, will be accepted: a short-answer question accepts every answer listed.",
    ]);
  });

  it("changes nothing, and says nothing, when the answers fit the new type", () => {
    expect(planTypeChange("MULTIPLE_CHOICE", answers(["a", true], ["b", false])).changes).toEqual([]);
    expect(planTypeChange("SINGLE_CHOICE", answers(["a", false], ["b", true])).changes).toEqual([]);
  });
});

describe("duplicateAnswerErrors", () => {
  it("marks each answer that repeats an earlier one, ignoring case and spaces; not empty ones", () => {
    expect(
      duplicateAnswerErrors(
        answers(["At the station", false], [" at the STATION ", false], ["", false], ["", false]),
      ),
    ).toEqual({ "answers.1.text": duplicateMessage(0) });
    expect(duplicateAnswerErrors(answers(["a", false], ["b", false]))).toEqual({});
  });
});
