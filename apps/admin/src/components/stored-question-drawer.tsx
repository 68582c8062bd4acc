/**
 * A drawer on the right that shows one question as a backup holds it, titled with its section.
 * It keeps its last content while it slides out, so closing does not blank it first.
 */
import { Drawer, Text } from "@mantine/core";
import { type ReactNode, useState } from "react";

export interface StoredQuestionDrawerProps<Item extends { sectionId: string }> {
  /** What to show; null closes the drawer. */
  item: Item | null;
  /** The sections, for the title. */
  sections: readonly { id: string; name: string }[];
  onClose(): void;
  /** The drawer's content for `item` (or for the last one, while the drawer closes). */
  children(item: Item): ReactNode;
}

export function StoredQuestionDrawer<Item extends { sectionId: string }>({
  item,
  sections,
  onClose,
  children,
}: StoredQuestionDrawerProps<Item>) {
  const [shown, setShown] = useState(item);
  if (item && item !== shown) setShown(item);
  const sectionName = shown && sections.find((section) => section.id === shown.sectionId)?.name;
  return (
    <Drawer
      opened={item !== null}
      onClose={onClose}
      position="right"
      size="lg"
      padding="lg"
      title={
        <Text fw={650} size="lg">
          Question as stored{sectionName ? ` in ${sectionName}` : ""}
        </Text>
      }
      closeButtonProps={{ "aria-label": "Close the question" }}
    >
      {shown && children(shown)}
    </Drawer>
  );
}
