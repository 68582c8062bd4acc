/** One row of a job's details (label, value), as the job's page lists them. */
import { DataList, Text } from "@mantine/core";
import type { ReactNode } from "react";

export function Item({ label, children }: { label: string; children: ReactNode }) {
  return (
    <DataList.Item>
      <DataList.ItemLabel>{label}</DataList.ItemLabel>
      <DataList.ItemValue>
        <Text size="sm" span>
          {children}
        </Text>
      </DataList.ItemValue>
    </DataList.Item>
  );
}
