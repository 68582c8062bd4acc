import { Column, Entity, Index, OneToMany, PrimaryColumn, type Relation } from "typeorm";
import { Question } from "./question.entity.js";

/** A section of the bank ("Grammar", "Listening - Part 1"): an ordered group of questions. */
@Entity("section")
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

  @Column("datetime")
  createdAt!: Date;

  @Column("datetime")
  updatedAt!: Date;
}
