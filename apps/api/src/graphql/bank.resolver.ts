/** Sections and questions: the question bank part of the API. Thin: the bank owns the rules. */
import { notFound } from "@qvault/core";
import type { Question as QuestionRow } from "@qvault/question-bank";
import type { GraphQLResolveInfo } from "graphql";
import {
  Arg,
  Args,
  ArgsType,
  Authorized,
  Ctx,
  Field,
  FieldResolver,
  ID,
  Info,
  Mutation,
  Query,
  Resolver,
  Root,
} from "type-graphql";
import { QuestionInput, SectionInput } from "./bank.input.js";
import { asksForTotalCount, PageArgs, toConnection } from "./connection.js";
import type { Context } from "./context.js";
import { AudioFile, audioFile, mediaUrl, Question, QuestionConnection } from "./question.type.js";
import { Section } from "./section.type.js";

@ArgsType()
class QuestionsArgs extends PageArgs {
  @Field(() => ID, { nullable: true })
  sectionId?: string | null;

  @Field(() => String, { nullable: true, description: "Case-insensitive text found in the prompt or tags." })
  search?: string | null;
}

@Resolver(() => Section)
export class SectionResolver {
  @Authorized()
  @Query(() => [Section], { description: "All sections, in position order." })
  sections(@Ctx() { services }: Context) {
    return services.bank.listSections();
  }

  @Authorized()
  @Query(() => Section, { nullable: true })
  section(@Arg("id", () => ID) id: string, @Ctx() { services }: Context) {
    return services.bank.getSection(id);
  }

  @FieldResolver(() => QuestionConnection, { description: "The section's questions, in position order." })
  async questions(
    @Root() section: Section,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() { services }: Context,
    @Info() info: GraphQLResolveInfo,
  ) {
    return toConnection(
      await services.bank.listQuestions({ ...page, sectionId: section.id, count: asksForTotalCount(info) }),
    );
  }

  @Authorized("ADMIN")
  @Mutation(() => Section)
  createSection(@Arg("input", () => SectionInput) input: SectionInput, @Ctx() { services }: Context) {
    return services.bank.createSection(input);
  }

  @Authorized("ADMIN")
  @Mutation(() => Section)
  updateSection(
    @Arg("id", () => ID) id: string,
    @Arg("input", () => SectionInput) input: SectionInput,
    @Ctx() { services }: Context,
  ) {
    return services.bank.updateSection(id, input);
  }

  @Authorized("ADMIN")
  @Mutation(() => Boolean, { description: "Deletes the section and all its questions." })
  deleteSection(@Arg("id", () => ID) id: string, @Ctx() { services }: Context) {
    return services.bank.deleteSection(id);
  }
}

@Resolver(() => Question)
export class QuestionResolver {
  @Authorized()
  @Query(() => QuestionConnection, { description: "Questions in section and position order." })
  async questions(
    @Args(() => QuestionsArgs) args: QuestionsArgs,
    @Ctx() { services }: Context,
    @Info() info: GraphQLResolveInfo,
  ) {
    return toConnection(await services.bank.listQuestions({ ...args, count: asksForTotalCount(info) }));
  }

  @Authorized()
  @Query(() => Question, { nullable: true })
  question(@Arg("id", () => ID) id: string, @Ctx() { services }: Context) {
    return services.bank.getQuestion(id);
  }

  @FieldResolver(() => AudioFile, {
    nullable: true,
    description:
      "Its audio file, by content; null when it has none (an audioPath alone names no file the bank holds).",
  })
  audio(@Root() question: QuestionRow) {
    return audioFile(question, (_audio, path) => mediaUrl(path));
  }

  @FieldResolver(() => Section)
  async section(@Root() question: QuestionRow, @Ctx() { services }: Context) {
    const section = await services.bank.getSection(question.sectionId);
    if (!section) throw notFound("Section", question.sectionId);
    return section;
  }

  @Authorized("ADMIN")
  @Mutation(() => Question)
  createQuestion(@Arg("input", () => QuestionInput) input: QuestionInput, @Ctx() { services }: Context) {
    return services.bank.createQuestion(input);
  }

  @Authorized("ADMIN")
  @Mutation(() => Question, { description: "Replaces the question's fields and its answers." })
  updateQuestion(
    @Arg("id", () => ID) id: string,
    @Arg("input", () => QuestionInput) input: QuestionInput,
    @Ctx() { services }: Context,
  ) {
    return services.bank.updateQuestion(id, input);
  }

  @Authorized("ADMIN")
  @Mutation(() => Boolean)
  deleteQuestion(@Arg("id", () => ID) id: string, @Ctx() { services }: Context) {
    return services.bank.deleteQuestion(id);
  }

  @Authorized("ADMIN")
  @Mutation(() => [Question], {
    description: "Adds many questions to one section in one transaction: all or none.",
  })
  importQuestions(
    @Arg("sectionId", () => ID) sectionId: string,
    @Arg("questions", () => [QuestionInput]) questions: QuestionInput[],
    @Ctx() { services }: Context,
  ) {
    return services.bank.importQuestions(sectionId, questions);
  }
}
