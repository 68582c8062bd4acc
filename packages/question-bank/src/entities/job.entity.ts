import { Column, Entity, Index, PrimaryColumn } from "typeorm";

/** A job's persisted record: what it was, how it went. History survives restarts. */
@Entity("job")
@Index("job_created", ["createdAt"])
@Index("job_status", ["status"])
export class Job {
  @PrimaryColumn("varchar", { length: 40 })
  id!: string;

  @Column("varchar", { length: 20 })
  kind!: string;

  @Column("varchar", { length: 20 })
  status!: string;

  @Column("varchar", { length: 100, nullable: true })
  phase!: string | null;

  /** Every phase the job went through, with when it began (see migration 0006); null before it. */
  @Column("simple-json", { nullable: true })
  phases!: { phase: string; startedAt: string }[] | null;

  @Column("integer")
  done!: number;

  @Column("integer", { nullable: true })
  total!: number | null;

  @Column("integer")
  bytesDone!: number;

  @Column("real", { nullable: true })
  ratePerSecond!: number | null;

  @Column("integer", { nullable: true })
  etaMs!: number | null;

  @Column("text", { nullable: true })
  message!: string | null;

  @Column("varchar", { length: 40, nullable: true })
  errorCode!: string | null;

  @Column("text", { nullable: true })
  errorMessage!: string | null;

  @Column({ type: Date })
  createdAt!: Date;

  @Column({ type: Date, nullable: true })
  startedAt!: Date | null;

  @Column({ type: Date, nullable: true })
  finishedAt!: Date | null;

  @Column("varchar", { length: 40, nullable: true })
  backupId!: string | null;

  @Column("varchar", { length: 40, nullable: true })
  safetyBackupId!: string | null;

  @Column("simple-json")
  params!: Record<string, unknown>;

  @Column("simple-json", { nullable: true })
  report!: unknown;

  /** When a failure was acknowledged (see migration 0005). */
  @Column({ type: Date, nullable: true })
  acknowledgedAt!: Date | null;

  /** The name of the API key that acknowledged it. */
  @Column("varchar", { length: 100, nullable: true })
  acknowledgedBy!: string | null;

  /** The server instance that queued it (see migration 0009); null when none did. */
  @Column("varchar", { length: 40, nullable: true })
  instanceId!: string | null;
}
