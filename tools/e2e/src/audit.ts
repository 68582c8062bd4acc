/**
 * What every page must pass, whatever it shows: no sideways scrolling (the document no wider
 * than the window, and no box in it that scrolls sideways) and no WCAG 2 A/AA violation that
 * axe-core finds (contrast, names, roles).
 * axe-core is injected into the page from its npm package (no request leaves the page for it).
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Page } from "playwright-core";

const require = createRequire(import.meta.url);
let axeSource: string | null = null;

/** The WCAG 2 levels checked: A and AA, of 2.0 and 2.1. */
export const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] as const;

/** One axe-core violation, with the elements it found (their selector and axe's summary). */
export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string; summary: string }[];
}

/** What {@link auditPage} found. */
export interface PageAudit {
  /** `document.documentElement.scrollWidth`. */
  scrollWidth: number;
  innerWidth: number;
  /** The widest elements that stick out of the window, when the page scrolls sideways. */
  wideElements: string[];
  /**
   * Boxes inside the page that scroll sideways themselves (a table wider than its card), which
   * hide their right-hand side (a row's buttons) just as a wide page does.
   */
  sidewaysScrollers: string[];
  /** Buttons, links and badges cut off by a box that hides what overflows it (a column too narrow). */
  clippedControls: string[];
  violations: AxeViolation[];
}

/** Audits the page as it is now (see the module's header). */
export async function auditPage(page: Page): Promise<PageAudit> {
  axeSource ??= readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
  const injected = await page.evaluate(() => "axe" in window);
  if (!injected) await page.addScriptTag({ content: axeSource });
  const layout = await page.evaluate(() => {
    const innerWidth = window.innerWidth;
    const wide: string[] = [];
    for (const element of Array.from(document.body.querySelectorAll("*"))) {
      const box = element.getBoundingClientRect();
      if (box.right > innerWidth + 1 && box.width > 0 && wide.length < 8) {
        const name = `${element.tagName.toLowerCase()}${element.id ? `#${element.id}` : ""}.${Array.from(element.classList).slice(0, 3).join(".")}`;
        wide.push(
          `${name} right=${Math.round(box.right)} "${(element.textContent ?? "").trim().slice(0, 60)}"`,
        );
      }
    }
    const scrollers: string[] = [];
    for (const element of Array.from(document.body.querySelectorAll<HTMLElement>("*"))) {
      const overflow = getComputedStyle(element).overflowX;
      if ((overflow === "auto" || overflow === "scroll") && element.scrollWidth > element.clientWidth + 1)
        scrollers.push(
          `${element.tagName.toLowerCase()}.${Array.from(element.classList).slice(0, 2).join(".")} scrolls ${element.scrollWidth - element.clientWidth} px sideways: "${(element.textContent ?? "").trim().slice(0, 60)}"`,
        );
    }
    const clipped: string[] = [];
    for (const control of Array.from(
      document.body.querySelectorAll<HTMLElement>("button, a[href], [role='button'], .mantine-Badge-root"),
    )) {
      const box = control.getBoundingClientRect();
      if (box.width <= 1 || box.height <= 1 || getComputedStyle(control).visibility === "hidden") continue;
      const label = (control.textContent ?? control.getAttribute("aria-label") ?? "").trim().slice(0, 40);
      // Its own words cut off: the control (or a part of it that hides overflow) is too narrow.
      const inner = [control, ...Array.from(control.querySelectorAll<HTMLElement>("*"))].find(
        (part) => getComputedStyle(part).overflowX !== "visible" && part.scrollWidth > part.clientWidth + 1,
      );
      if (inner) clipped.push(`"${label}" is too narrow for its words`);
      for (
        let parent = control.parentElement;
        parent && parent !== document.body;
        parent = parent.parentElement
      ) {
        const overflow = getComputedStyle(parent).overflowX;
        if (overflow === "visible") continue;
        const frame = parent.getBoundingClientRect();
        if (box.right > frame.right + 1 || box.left < frame.left - 1)
          clipped.push(
            `"${(control.textContent ?? control.getAttribute("aria-label") ?? "").trim().slice(0, 40)}" cut off by ${parent.tagName.toLowerCase()}.${Array.from(parent.classList).slice(0, 2).join(".")}`,
          );
        break;
      }
    }
    return {
      scrollWidth: document.documentElement.scrollWidth,
      innerWidth,
      wideElements: wide,
      sidewaysScrollers: scrollers,
      clippedControls: clipped,
    };
  });
  const violations = await page.evaluate(
    async (tags) => {
      const axe = (window as unknown as { axe: { run(context: unknown, options: unknown): Promise<any> } })
        .axe;
      const result = await axe.run(document, {
        runOnly: { type: "tag", values: tags },
        resultTypes: ["violations"],
      });
      return (result.violations as any[]).map((violation) => ({
        id: violation.id as string,
        impact: (violation.impact ?? null) as string | null,
        help: violation.help as string,
        nodes: (violation.nodes as any[]).slice(0, 10).map((node) => ({
          target: String(node.target),
          summary: String(node.failureSummary ?? "").replace(/\s+/g, " "),
        })),
      }));
    },
    [...WCAG_TAGS],
  );
  return { ...layout, violations };
}

/** The audit in words, for a failed assertion's message. */
export function describeAudit(audit: PageAudit): string {
  const lines = [`scrollWidth ${audit.scrollWidth} for a window of ${audit.innerWidth}`];
  for (const element of audit.wideElements) lines.push(`  wider than the window: ${element}`);
  for (const scroller of audit.sidewaysScrollers) lines.push(`  ${scroller}`);
  for (const control of audit.clippedControls) lines.push(`  ${control}`);
  for (const violation of audit.violations) {
    lines.push(`${violation.id} (${violation.impact}): ${violation.help}`);
    for (const node of violation.nodes) lines.push(`  ${node.target}: ${node.summary}`);
  }
  return lines.join("\n");
}
