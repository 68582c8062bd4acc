/**
 * The admin in a real browser against the built product: signing in (and being refused),
 * finding a question by search, editing and saving it, and seeing the change survive a
 * reload and show in the API. Also: input errors beside their field, read-only viewers,
 * and a revoked key sending the user back to sign-in.
 */
import { describe, expect, it } from "vitest";
import { createKey, screenshotPath, signIn } from "../src/index.js";
import { useBrowserTests } from "../src/suite.js";

/** How Chromium logs a response the API refused with 401; expected where a key is wrong. */
const LOGGED_401 = /Failed to load resource: the server responded with a status of 401/;

interface Answer {
  text: string;
  isCorrect: boolean;
  position: number;
}
interface QuestionSnapshot {
  id: string;
  type: string;
  prompt: string;
  version: number;
  answers: Answer[];
}

const QUESTION_FIELDS = "id type prompt version answers { text isCorrect position }";

const { product, open, watched } = useBrowserTests();

async function fetchQuestion(id: string): Promise<QuestionSnapshot> {
  const result = await product.gql<{ question: QuestionSnapshot }>(
    `query ($id: ID!) { question(id: $id) { ${QUESTION_FIELDS} } }`,
    { id },
  );
  expect(result.errors).toBeUndefined();
  return result.data!.question;
}

describe("signing in", () => {
  it("refuses a wrong key with a clear message and stores nothing", async () => {
    const page = await open("/questions");
    watched().allow(LOGGED_401);
    await page.waitForURL(/\/sign-in$/);
    await signIn(page, "qv_this-key-does-not-exist");
    await page.getByText("This key is unknown or revoked").waitFor();
    await page.screenshot({ path: screenshotPath("sign-in-refused.png") });
    expect(new URL(page.url()).pathname).toBe("/sign-in");
    expect(await page.evaluate(() => window.localStorage.length)).toBe(0);
  });

  it("sends a user whose key is revoked back to the sign-in screen", async () => {
    const created = await product.gql<{ createApiKey: { secret: string; apiKey: { id: string } } }>(
      'mutation { createApiKey(name: "e2e short-lived", role: OPERATOR) { secret apiKey { id } } }',
    );
    const { secret, apiKey } = created.data!.createApiKey;
    const page = await open("/");
    watched().allow(LOGGED_401);
    await signIn(page, secret);
    await page.getByText("e2e short-lived").waitFor();
    await page.getByRole("link", { name: "Backups" }).click();
    // The dashboard's charts also say "No backups yet": wait for the Backups page itself.
    await page.getByRole("heading", { name: "Backups", level: 2 }).waitFor();
    await page.getByText(/^(No backups yet|Showing \d+ of \d+)$/).waitFor();
    // The questions page holds no subscription: the next HTTP request finds out.
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Questions" }).click();
    await page.getByRole("table", { name: "Questions" }).waitFor();

    await product.gql("mutation ($id: ID!) { revokeApiKey(id: $id) { id } }", { id: apiKey.id });
    await page.reload();
    await page.waitForURL(/\/sign-in$/);
    await page.getByText("The server no longer accepts your key").waitFor();
  });

  it("signs out at once when the key is revoked while a page listens live", async () => {
    const created = await product.gql<{ createApiKey: { secret: string; apiKey: { id: string } } }>(
      'mutation { createApiKey(name: "e2e live", role: VIEWER) { secret apiKey { id } } }',
    );
    const { secret, apiKey } = created.data!.createApiKey;
    const page = await open("/jobs");
    await signIn(page, secret);
    await page.getByText(/^(No jobs yet|Showing \d+ of \d+)$/).waitFor();
    // Give the page's jobUpdates subscription time to be in place.
    await expect
      .poll(() => watched().operations.some((op) => op.transport === "ws" && /jobUpdates/.test(op.query)))
      .toBe(true);

    // The server closes the key's subscriptions; no reload, no click.
    await product.gql("mutation ($id: ID!) { revokeApiKey(id: $id) { id } }", { id: apiKey.id });
    await page.waitForURL(/\/sign-in$/);
    await page.getByText("The server no longer accepts your key").waitFor();
  });
});

describe("the questions page", () => {
  it("finds a question by search, saves an edit, and the edit survives a reload", async () => {
    const found = await product.gql<{ questions: { edges: { node: QuestionSnapshot }[] } }>(
      `{ questions(search: "meticulous", first: 10) { edges { node { ${QUESTION_FIELDS} } } } }`,
    );
    const before = found
      .data!.questions.edges.map((edge) => edge.node)
      .find((q) => q.type === "SINGLE_CHOICE");
    if (!before) throw new Error("the demo bank has no single-choice question tagged 'meticulous'");
    const answers = [...before.answers].sort((a, b) => a.position - b.position);
    const newCorrect = answers.findIndex((answer) => !answer.isCorrect);
    const newPrompt = `${before.prompt} (edited in the browser test)`;

    const page = await open("/");
    await page.waitForURL(/\/sign-in$/);
    await signIn(page, product.adminToken);
    await page.getByText("admin (QVAULT_ADMIN_TOKEN)").waitFor();
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Questions" }).click();
    await page.getByRole("table", { name: "Questions" }).waitFor();
    await page.getByText("Showing 25 of 240").waitFor();
    await page.screenshot({ path: screenshotPath("questions.png") });
    await page.getByRole("button", { name: "Load more" }).click();
    await page.getByText("Showing 50 of 240").waitFor();
    expect(await page.getByRole("table", { name: "Questions" }).locator("tbody tr").count()).toBe(50);

    await page.getByRole("textbox", { name: "Search questions" }).fill("meticulous");
    await page.waitForURL(/[?&]q=meticulous/);
    const row = page.locator(`a[href^="/questions/${before.id}"]`);
    await row.waitFor();
    await expect
      .poll(() => page.getByRole("table", { name: "Questions" }).locator("tbody tr").count())
      .toBeLessThan(25);
    await page.screenshot({ path: screenshotPath("questions-search.png") });

    await row.click();
    await page.waitForURL(new RegExp(`/questions/${before.id}`));
    const prompt = page.getByRole("textbox", { name: "Prompt" });
    await expect.poll(() => prompt.inputValue()).toBe(before.prompt);
    await prompt.fill(newPrompt);
    await page.getByRole("radio", { name: `Answer ${newCorrect + 1} is correct` }).check();
    await page.screenshot({ path: screenshotPath("question-editor.png") });
    await page.getByRole("button", { name: "Save" }).click();
    await page.getByText("Question saved").waitFor();

    await page.reload();
    const reloaded = page.getByRole("textbox", { name: "Prompt" });
    await expect.poll(() => reloaded.inputValue()).toBe(newPrompt);
    expect(await page.getByRole("radio", { name: `Answer ${newCorrect + 1} is correct` }).isChecked()).toBe(
      true,
    );

    const after = await fetchQuestion(before.id);
    expect(after.prompt).toBe(newPrompt);
    expect(after.version).toBe(before.version + 1);
    expect(
      [...after.answers].sort((a, b) => a.position - b.position).map((answer) => answer.isCorrect),
    ).toEqual(answers.map((_, index) => index === newCorrect));
    expect(after.answers.map((answer) => answer.text).sort()).toEqual(
      answers.map((answer) => answer.text).sort(),
    );
  });

  it("shows the server's input errors beside the field they name, and saves nothing", async () => {
    const list = await product.gql<{ questions: { edges: { node: QuestionSnapshot }[] } }>(
      `{ questions(first: 1) { edges { node { ${QUESTION_FIELDS} } } } }`,
    );
    const before = list.data!.questions.edges[0]!.node;
    const page = await open(`/questions/${before.id}`);
    await signIn(page, product.adminToken);

    const prompt = page.getByRole("textbox", { name: "Prompt" });
    await expect.poll(() => prompt.inputValue()).toBe(before.prompt);
    await prompt.fill("   ");
    await page.getByRole("textbox", { name: "Answer 2", exact: true }).fill("");
    await page.getByRole("button", { name: "Save" }).click();

    await page.getByText("The question was not saved: fix the marked fields.").waitFor();
    expect(await prompt.getAttribute("aria-invalid")).toBe("true");
    expect(
      await page.getByRole("textbox", { name: "Answer 2", exact: true }).getAttribute("aria-invalid"),
    ).toBe("true");
    await page.getByText("Must not be empty").first().waitFor();
    await page.screenshot({ path: screenshotPath("question-input-errors.png") });
    expect((await fetchQuestion(before.id)).version).toBe(before.version);

    // Closing with unsaved changes asks first.
    await page.getByRole("button", { name: "Cancel" }).click();
    await page.getByRole("button", { name: "Keep editing" }).click();
    expect(await prompt.inputValue()).toBe("   ");
    await page.getByRole("button", { name: "Cancel" }).click();
    await page.getByRole("button", { name: "Discard changes" }).click();
    await page.waitForURL(/\/questions$/);
  });

  it("shows viewers the editor read-only, without Save", async () => {
    const secret = await createKey(product, "e2e viewer", "VIEWER");
    const list = await product.gql<{ questions: { edges: { node: { id: string } }[] } }>(
      "{ questions(first: 1) { edges { node { id } } } }",
    );
    const id = list.data!.questions.edges[0]!.node.id;
    const page = await open(`/questions/${id}`);
    await signIn(page, secret);

    await page.getByText("Read only: your key is VIEWER").waitFor();
    expect(await page.getByRole("textbox", { name: "Prompt" }).isDisabled()).toBe(true);
    expect(await page.getByRole("button", { name: "Save" }).count()).toBe(0);

    await page.getByRole("button", { name: "Close", exact: true }).click();
    await page.waitForURL(/\/questions$/);
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL(/\/sign-in$/);
    expect(await page.evaluate(() => window.localStorage.length)).toBe(0);
  });
});
