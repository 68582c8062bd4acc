import type { MediaRef } from "@qvault/core";
import type { QuestionType } from "@qvault/question-bank";
import { DateTimeResolver, SafeIntResolver } from "graphql-scalars";
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

@ObjectType({ description: "A question's audio file, named by its content." })
export class AudioFile {
  @Field(() => String, { description: "Its path under the media folder (the question's audioPath)." })
  path!: string;

  @Field(() => String, { description: "SHA-256 of the file's bytes." })
  sha256!: string;

  @Field(() => SafeIntResolver)
  bytes!: number;

  @Field(() => String, { description: "Its media type, as its bytes tell (audio/mpeg, audio/wav, …)." })
  mimeType!: string;

  @Field(() => Int, { nullable: true, description: "How long it plays, when the file tells." })
  durationMs!: number | null;

  @Field(() => String, {
    description:
      "Where to GET it, with the API key: GET /media/<path> for the bank's file now, GET /backups/<id>/media/<sha256> for the one a backup holds. Byte ranges are answered.",
  })
  url!: string;
}

/** Where the bank's media file at `path` is served. */
export function mediaUrl(path: string): string {
  return `/media/${path.split("/").map(encodeURIComponent).join("/")}`;
}

/** A question's audio as the schema shows it, where `url` fetches it; null when it has none. */
export function audioFile(
  question: { audioPath: string | null; audio?: MediaRef | null },
  url: (audio: MediaRef, path: string) => string,
): AudioFile | null {
  const { audio, audioPath } = question;
  if (!audio || !audioPath) return null;
  return {
    path: audioPath,
    sha256: audio.sha256,
    bytes: audio.bytes,
    mimeType: audio.mimeType,
    durationMs: audio.durationMs ?? null,
    url: url(audio, audioPath),
  };
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
