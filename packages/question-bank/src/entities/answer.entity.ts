import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from "typeorm";
import { ANSWER_TABLE } from "../tables/record-tables.js";
import { Question } from "./question.entity.js";

/** One answer choice of a question. */
@Entity(ANSWER_TABLE.name)
@Index("answer_question_position", ["questionId", "position"], { unique: true })
export class Answer {
  @PrimaryColumn("varchar", { length: 36 })
  id!: string;

  @Column("varchar", { length: 36 })
  questionId!: string;

  @ManyToOne(
    () => Question,
    (question) => question.answers,
    { onDelete: "CASCADE" },
  )
  @JoinColumn({ name: "questionId", foreignKeyConstraintName: "answer_question_fk" })
  question!: Relation<Question>;

  @Column("text")
  text!: string;

  @Column("boolean")
  isCorrect!: boolean;

  @Column("integer")
  position!: number;
}
