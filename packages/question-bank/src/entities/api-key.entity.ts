import { Column, Entity, Index, PrimaryColumn } from "typeorm";

/** Roles in rising order of power: each may do all that the ones before it may. */
export const ROLES = ["VIEWER", "OPERATOR", "ADMIN"] as const;
export type Role = (typeof ROLES)[number];

/** An API key. Only the SHA-256 of its secret is stored; the secret is shown once, at creation. */
@Entity("api_key")
export class ApiKey {
  @PrimaryColumn("varchar", { length: 36 })
  id!: string;

  @Column("varchar", { length: 100 })
  name!: string;

  @Column("varchar", { length: 10 })
  role!: Role;

  @Index("api_key_secret_hash", { unique: true })
  @Column("varchar", { length: 64 })
  secretHash!: string;

  @Column({ type: Date })
  createdAt!: Date;

  @Column({ type: Date, nullable: true })
  lastUsedAt!: Date | null;

  @Column({ type: Date, nullable: true })
  revokedAt!: Date | null;
}
