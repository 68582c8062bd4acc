import { DEFAULT_THEME } from "@mantine/core";
import { describe, expect, it } from "vitest";
import { contrast, cssVariablesResolver, theme } from "./theme";

const { gray, dark } = DEFAULT_THEME.colors;
const WHITE = "#ffffff";
const resolved = cssVariablesResolver({ ...DEFAULT_THEME, ...theme } as never);
const names = Object.keys(DEFAULT_THEME.colors);

describe("the theme's colors reach WCAG AA (4.5:1)", () => {
  it("in the light scheme: white on every filled color, every light badge's text, every color as text, dimmed text", () => {
    const light = resolved.light;
    for (const name of names) {
      const shades = DEFAULT_THEME.colors[name]!;
      expect(contrast(WHITE, light[`--mantine-color-${name}-filled`]!), name).toBeGreaterThanOrEqual(4.5);
      expect(contrast(light[`--mantine-color-${name}-light-color`]!, shades[1]), name).toBeGreaterThanOrEqual(
        4.5,
      );
      for (const background of [WHITE, gray[0], gray[1]])
        expect(contrast(light[`--mantine-color-${name}-text`]!, background), name).toBeGreaterThanOrEqual(
          4.5,
        );
      expect(contrast(light["--mantine-color-dimmed"]!, shades[1]), name).toBeGreaterThanOrEqual(4.5);
      expect(contrast(light["--mantine-color-anchor"]!, shades[1]), name).toBeGreaterThanOrEqual(4.5);
    }
  });

  it("in the dark scheme: the same, on dark backgrounds", () => {
    const night = resolved.dark;
    for (const name of names) {
      expect(contrast(WHITE, night[`--mantine-color-${name}-filled`]!), name).toBeGreaterThanOrEqual(4.5);
      expect(
        contrast(night[`--mantine-color-${name}-light-color`]!, night[`--mantine-color-${name}-light`]!),
        name,
      ).toBeGreaterThanOrEqual(4.5);
      for (const background of [dark[7], dark[8], dark[6]])
        expect(contrast(night[`--mantine-color-${name}-text`]!, background), name).toBeGreaterThanOrEqual(
          4.5,
        );
    }
    expect(contrast(night["--mantine-color-dimmed"]!, dark[7])).toBeGreaterThanOrEqual(4.5);
    expect(contrast(night["--qvault-color-mark-removed"]!, dark[0])).toBeGreaterThanOrEqual(4.5);
  });
});
