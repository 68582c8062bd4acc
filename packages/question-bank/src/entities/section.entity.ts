import { Column, Entity, Index, OneToMany, PrimaryColumn, type Relation } from "typeorm";
import { SECTION_TABLE } from "../tables/record-tables.js";
import { Question } from "./question.entity.js";

/** A section of the bank ("Grammar", "Listening - Part 1"): an ordered group of questions. */
@Entity(SECTION_TABLE.name)
@Index("section_position", ["position"], { unique: true })
export class Section {
  @PrimaryColumn("varchar", { length: 36 })
  id!: string;

  @Column("varchar", { length: 200 })
  name!: string;

  @Column("text", { nullable: true })
  description!: string | null;

  @Column("integer")
  position!: number;

  @OneToMany(
    () => Question,
    (question) => question.section,
  )
  questions!: Relation<Question[]>;

  @Column({ type: Date })
  createdAt!: Date;

  @Column({ type: Date })
  updatedAt!: Date;
}
