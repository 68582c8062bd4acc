import type { QuestionType } from "@qvault/question-bank";
import { DateTimeResolver } from "graphql-scalars";
import { Field, ID, Int, ObjectType } from "type-graphql";
import { connectionOf } from "./connection.js";
import { QuestionTypeEnum } from "./enums.js";

@ObjectType({ description: "One answer choice of a question." })
export class Answer {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  text!: string;

  @Field(() => Boolean)
  isCorrect!: boolean;

  @Field(() => Int)
  position!: number;
}

/** The fields a question has wherever it is shown: in the bank and as a backup holds it. */
@ObjectType({ description: "Not part of the schema: the fields Question and QuestionSnapshot share." })
export abstract class QuestionContent {
  @Field(() => ID)
  id!: string;

  sectionId!: string;

  @Field(() => QuestionTypeEnum)
  type!: QuestionType;

  @Field(() => String)
  prompt!: string;

  @Field(() => String, { nullable: true })
  explanation!: string | null;

  @Field(() => Int, { nullable: true, description: "1 (easy) to 5 (hard)." })
  difficulty!: number | null;

  @Field(() => [String])
  tags!: string[];

  @Field(() => String, {
    nullable: true,
    description: "Path of the question's audio file, for listening questions.",
  })
  audioPath!: string | null;

  @Field(() => Int)
  position!: number;

  @Field(() => [Answer], { description: "In position order." })
  answers!: Answer[];
}

@ObjectType({ description: "A question of the bank with its answer choices." })
export class Question extends QuestionContent {
  @Field(() => Int, { description: "Rises by one on every change." })
  version!: number;

  @Field(() => DateTimeResolver)
  createdAt!: Date;

  @Field(() => DateTimeResolver)
  updatedAt!: Date;
}

export const QuestionConnection = connectionOf("Question", Question);
