import type { MediaRef, QuestionType } from "@qvault/core";
import {
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  OneToMany,
  PrimaryColumn,
  type Relation,
} from "typeorm";
import { QUESTION_TABLE } from "../tables/record-tables.js";
import { Answer } from "./answer.entity.js";
import { Section } from "./section.entity.js";

// Defined once, in core's records; kept here for the package's existing exports.
export { QUESTION_TYPES, type QuestionType } from "@qvault/core";

/**
 * One question of a section, with its answer choices. `version` rises by one on every change.
 * Its columns are the ones ../tables/record-tables.ts maps to records.
 */
@Entity(QUESTION_TABLE.name)
@Index("question_section_position", ["sectionId", "position"], { unique: true })
export class Question {
  @PrimaryColumn("varchar", { length: 36 })
  id!: string;

  @Column("varchar", { length: 36 })
  sectionId!: string;

  @ManyToOne(
    () => Section,
    (section) => section.questions,
    { onDelete: "CASCADE" },
  )
  @JoinColumn({ name: "sectionId", foreignKeyConstraintName: "question_section_fk" })
  section!: Relation<Section>;

  @Column("varchar", { length: 20 })
  type!: QuestionType;

  @Column("text")
  prompt!: string;

  @Column("text", { nullable: true })
  explanation!: string | null;

  @Column("integer", { nullable: true })
  difficulty!: number | null;

  @Column("simple-json")
  tags!: string[];

  @Column("varchar", { length: 500, nullable: true })
  audioPath!: string | null;

  /** The audio file at `audioPath`, by content; null when the bank holds none. */
  @Column("simple-json", { nullable: true })
  audio!: MediaRef | null;

  @Column("integer")
  position!: number;

  @OneToMany(
    () => Answer,
    (answer) => answer.question,
    { cascade: false },
  )
  answers!: Relation<Answer[]>;

  @Column("integer")
  version!: number;

  @Column({ type: Date })
  createdAt!: Date;

  @Column({ type: Date })
  updatedAt!: Date;
}
