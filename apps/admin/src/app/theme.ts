/**
 * The admin's Mantine theme, with colors chosen for contrast: every text color a variant or a
 * `c=` prop resolves to (dimmed text, links, `-text`, a light badge's text, an outline, white on a
 * filled button or badge) reaches WCAG 2 AA's 4.5:1 against the backgrounds it is drawn on, in
 * the light and the dark scheme. Mantine's own defaults do not (gray-6 dimmed text on white is
 * 3.3:1, white on yellow-6 1.9:1), so the CSS variables the variants read are recomputed here
 * from the palette, once, instead of overriding elements one by one.
 *
 * Terms: a color's *filled* shade is the background of filled buttons and badges (white text on
 * it); *light* is the pale background of light badges and alerts, *light-color* the text on it;
 * *text* and *outline* are the color as text on the page. `--qvault-color-surface` is the page's
 * background behind cards (gray-0 in light, dark-8 in dark); `--qvault-color-mark-removed` and
 * `-added` fill the words a diff marks.
 */
import {
  Anchor,
  type CSSVariablesResolver,
  createTheme,
  DEFAULT_THEME,
  Drawer,
  type MantineColorsTuple,
  Modal,
} from "@mantine/core";

/** WCAG 2 AA for normal text. */
const AA = 4.5;

type Rgb = [number, number, number];

function parse(hex: string): Rgb {
  const value = hex.replace("#", "");
  const full =
    value.length === 3
      ? value
          .split("")
          .map((digit) => digit + digit)
          .join("")
      : value;
  return [0, 2, 4].map((start) => Number.parseInt(full.slice(start, start + 2), 16)) as Rgb;
}

function hex([r, g, b]: Rgb): string {
  return `#${[r, g, b].map((channel) => Math.round(channel).toString(16).padStart(2, "0")).join("")}`;
}

function luminance(color: string): number {
  const [r, g, b] = parse(color).map((channel) => {
    const c = channel / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as Rgb;
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** The WCAG contrast ratio of two colors, 1 to 21. */
export function contrast(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

/** `color` mixed with `toward` by `amount` (0 to 1). */
function mix(color: string, toward: string, amount: number): string {
  const from = parse(color);
  const to = parse(toward);
  return hex(from.map((channel, index) => channel + (to[index]! - channel) * amount) as Rgb);
}

/**
 * `color`, or the nearest color on its way to `toward` (black to darken, white to lighten), that
 * reaches AA against every one of `backgrounds`.
 */
function readable(color: string, backgrounds: string[], toward: string): string {
  for (let amount = 0; amount <= 1; amount += 0.02) {
    const candidate = mix(color, toward, amount);
    if (backgrounds.every((background) => contrast(candidate, background) >= AA)) return candidate;
  }
  return toward;
}

const WHITE = "#ffffff";
const BLACK = "#000000";
const { gray, dark } = DEFAULT_THEME.colors;
/** Light scheme: the body, the page behind cards, table heads and hovered rows. */
const LIGHT_BACKGROUNDS = [WHITE, gray[0], gray[1]];
/** Light scheme, also the pale fills of light badges and alerts, on which links and dimmed text sit. */
const LIGHT_TINTS = [...LIGHT_BACKGROUNDS, ...Object.values(DEFAULT_THEME.colors).map((shades) => shades[1])];
/** Dark scheme: the body (dark-7), the page behind cards (dark-8), cards and inputs (dark-6). */
const DARK_BACKGROUNDS = [dark[7], dark[8], dark[6], dark[5]];
const DARK_TINTS = [
  ...DARK_BACKGROUNDS,
  ...Object.values(DEFAULT_THEME.colors).map((shades) => mix(shades[9], BLACK, 0.5)),
];

function lightVariables(name: string, shades: MantineColorsTuple): Record<string, string> {
  const filled = readable(shades[6], [WHITE], BLACK);
  const text = readable(shades[7], LIGHT_BACKGROUNDS, BLACK);
  return {
    [`--mantine-color-${name}-filled`]: filled,
    [`--mantine-color-${name}-filled-hover`]: mix(filled, BLACK, 0.12),
    [`--mantine-color-${name}-light-color`]: readable(shades[9], [shades[1], shades[2], WHITE], BLACK),
    [`--mantine-color-${name}-text`]: text,
    [`--mantine-color-${name}-outline`]: text,
  };
}

function darkVariables(name: string, shades: MantineColorsTuple): Record<string, string> {
  const filled = readable(shades[8], [WHITE], BLACK);
  const light = mix(shades[9], BLACK, 0.5);
  const text = readable(shades[4], DARK_BACKGROUNDS, WHITE);
  return {
    [`--mantine-color-${name}-filled`]: filled,
    [`--mantine-color-${name}-filled-hover`]: mix(filled, BLACK, 0.12),
    [`--mantine-color-${name}-light`]: light,
    [`--mantine-color-${name}-light-color`]: readable(shades[0], [light, mix(shades[9], BLACK, 0.3)], WHITE),
    [`--mantine-color-${name}-text`]: text,
    [`--mantine-color-${name}-outline`]: text,
  };
}

export const theme = createTheme({
  primaryColor: "blue",
  defaultRadius: "md",
  fontFamily:
    "Inter, system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, 'Noto Sans', sans-serif",
  headings: { fontWeight: "650" },
  components: {
    // Links inside sentences must not be told from the words around them by color alone.
    Anchor: Anchor.extend({ defaultProps: { underline: "always" } }),
    // Every dialog's close button has a name, for screen readers and for tests.
    Modal: Modal.extend({ defaultProps: { closeButtonProps: { "aria-label": "Close" } } }),
    Drawer: Drawer.extend({ defaultProps: { closeButtonProps: { "aria-label": "Close" } } }),
  },
});

/** The variables of the module's header, for every color of the palette. */
export const cssVariablesResolver: CSSVariablesResolver = () => {
  const light: Record<string, string> = {
    "--mantine-color-dimmed": readable(gray[6], LIGHT_TINTS, BLACK),
    "--mantine-color-anchor": readable(DEFAULT_THEME.colors.blue[7], LIGHT_TINTS, BLACK),
    // Inactive controls are exempt from WCAG's contrast rule, but checkers cannot always tell
    // (a disabled button inside a tooltip has no `disabled` attribute): they stay readable.
    "--mantine-color-disabled-color": readable(gray[6], [gray[2]], BLACK),
    "--qvault-color-surface": gray[0],
    "--qvault-color-mark-removed": DEFAULT_THEME.colors.red[2],
    "--qvault-color-mark-added": DEFAULT_THEME.colors.green[2],
  };
  const darkScheme: Record<string, string> = {
    "--mantine-color-dimmed": readable(dark[2], DARK_TINTS, WHITE),
    "--mantine-color-anchor": readable(DEFAULT_THEME.colors.blue[4], DARK_TINTS, WHITE),
    "--mantine-color-disabled-color": readable(dark[3], [dark[6]], WHITE),
    "--qvault-color-surface": dark[8],
    // Marked words keep the scheme's text color: their fills are dark enough behind it.
    "--qvault-color-mark-removed": readable(DEFAULT_THEME.colors.red[9], [dark[0]], BLACK),
    "--qvault-color-mark-added": readable(DEFAULT_THEME.colors.green[9], [dark[0]], BLACK),
  };
  for (const [name, shades] of Object.entries(DEFAULT_THEME.colors)) {
    Object.assign(light, lightVariables(name, shades));
    Object.assign(darkScheme, darkVariables(name, shades));
  }
  return { variables: {}, light, dark: darkScheme };
};
