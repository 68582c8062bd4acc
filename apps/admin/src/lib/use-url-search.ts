/**
 * A search field whose search lives in the URL (`?q=…`), so that a reload or a shared link keeps
 * it: the field shows what is typed at once, and the URL (replaced, not pushed) takes the trimmed
 * text once the typing has stopped for `debounceMs`.
 */
import { useDebouncedValue } from "@mantine/hooks";
import { useEffect, useState } from "react";
import { useSearchParams } from "react-router";

export interface UrlSearch {
  /** What the field shows. */
  typed: string;
  setTyped(text: string): void;
  /** The search in the URL, "" for none: what lists should ask for. */
  search: string;
}

export function useUrlSearch(debounceMs: number): UrlSearch {
  const [params, setParams] = useSearchParams();
  const search = params.get("q") ?? "";
  const [typed, setTyped] = useState(search);
  const [debounced] = useDebouncedValue(typed.trim(), debounceMs);

  useEffect(() => {
    if (debounced === search) return;
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (debounced) next.set("q", debounced);
        else next.delete("q");
        return next;
      },
      { replace: true },
    );
  }, [debounced, search, setParams]);

  return { typed, setTyped, search };
}
