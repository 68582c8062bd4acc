/** Inputs for writing the bank. Rules beyond types are checked by the bank itself. */
import type { QuestionType } from "@qvault/question-bank";
import { Field, ID, InputType, Int } from "type-graphql";
import { QuestionTypeEnum } from "./enums.js";

@InputType({ description: "Omitted fields keep their value on update." })
export class SectionInput {
  @Field(() => String)
  name!: string;

  @Field(() => String, { nullable: true })
  description?: string | null;

  @Field(() => Int, {
    nullable: true,
    description: "Unique among sections; appended at the end when omitted.",
  })
  position?: number | null;
}

@InputType()
export class AnswerInput {
  @Field(() => String)
  text!: string;

  @Field(() => Boolean)
  isCorrect!: boolean;

  @Field(() => Int, { nullable: true, description: "Unique within the question; list order when omitted." })
  position?: number | null;
}

@InputType({ description: "updateQuestion replaces the answers with the given list." })
export class QuestionInput {
  @Field(() => ID)
  sectionId!: string;

  @Field(() => QuestionTypeEnum)
  type!: QuestionType;

  @Field(() => String)
  prompt!: string;

  @Field(() => String, { nullable: true })
  explanation?: string | null;

  @Field(() => Int, { nullable: true })
  difficulty?: number | null;

  @Field(() => [String], { nullable: true })
  tags?: string[] | null;

  @Field(() => String, { nullable: true })
  audioPath?: string | null;

  @Field(() => Int, {
    nullable: true,
    description: "Unique within the section; appended at the end when omitted.",
  })
  position?: number | null;

  @Field(() => [AnswerInput])
  answers!: AnswerInput[];
}
