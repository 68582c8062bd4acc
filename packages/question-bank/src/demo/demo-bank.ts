/**
 * Demo data: a deterministic, realistic English exam-prep bank of any size.
 *
 * The same `seed` and `questions` always give the same bank, ids included, so benchmarks and
 * tests can rebuild it exactly. Questions average about 1 KB of JSON each (prompt, explanation,
 * four answers, tags), close to what a real exam-prep platform stores.
 */
import { createHash } from "node:crypto";
import type { QuestionType } from "@qvault/core";
import wavefile from "wavefile";
import type { BankDatabase } from "../data-source.js";
import { Answer } from "../entities/answer.entity.js";
import { Question } from "../entities/question.entity.js";
import { Section } from "../entities/section.entity.js";
import { transactionWithMedia } from "../media/media-transaction.js";
import { insertRows, rowOf } from "../tables/record-statements.js";
import {
  ANSWER_TABLE,
  columnsOf,
  QUESTION_TABLE,
  type RecordTable,
  SECTION_TABLE,
} from "../tables/record-tables.js";

export interface DemoBankOptions {
  /** How many questions in all. @default 240 */
  questions?: number;
  /** Seed of the generator. @default 1 */
  seed?: number;
}

type Rng = () => number;

const { WaveFile } = wavefile;

function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)]!;

function uuid(rng: Rng): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(rng() * 16).toString(16));
  hex[12] = "4";
  hex[16] = "89ab"[Math.floor(rng() * 4)]!;
  const s = hex.join("");
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

function shuffle<T>(rng: Rng, items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

interface Draft {
  type: QuestionType;
  prompt: string;
  explanation: string;
  tags: string[];
  audio?: boolean;
  answers: { text: string; isCorrect: boolean }[];
}

const PEOPLE = [
  "Maria",
  "The manager",
  "My neighbour",
  "Tom",
  "The head of sales",
  "Our teacher",
  "Aisha",
  "The pilot",
  "Kenji",
  "The committee",
];
const PLACES = [
  "the station",
  "the library",
  "the conference centre",
  "the airport",
  "the museum",
  "the town hall",
  "the clinic",
  "the hotel reception",
];
const TIMES = [
  "every morning",
  "last Tuesday",
  "since 2019",
  "by next Friday",
  "at the moment",
  "twice a week",
  "yesterday evening",
  "for three years",
];
const TENSES = [
  { name: "present simple", marker: "every morning", forms: ["goes", "go", "is going", "has gone"] },
  { name: "past simple", marker: "last Tuesday", forms: ["went", "has gone", "goes", "had been going"] },
  { name: "present perfect", marker: "since 2019", forms: ["has lived", "lived", "is living", "lives"] },
  {
    name: "future perfect",
    marker: "by next Friday",
    forms: ["will have finished", "will finish", "finishes", "has finished"],
  },
  {
    name: "present continuous",
    marker: "at the moment",
    forms: ["is working", "works", "worked", "has worked"],
  },
] as const;
const WORDS = [
  ["meticulous", "showing great attention to detail", ["careless", "hasty", "generous"]],
  ["reluctant", "unwilling and hesitant", ["eager", "ambitious", "curious"]],
  ["ubiquitous", "present or found everywhere", ["rare", "ancient", "fragile"]],
  ["concise", "giving a lot of information clearly in few words", ["lengthy", "vague", "formal"]],
  ["resilient", "able to recover quickly from difficulties", ["fragile", "stubborn", "anxious"]],
  ["ambiguous", "open to more than one interpretation", ["obvious", "precise", "hostile"]],
  ["diligent", "having or showing care in one's work", ["lazy", "clumsy", "bold"]],
  ["feasible", "possible to do easily or conveniently", ["unlikely", "costly", "illegal"]],
  ["tentative", "not certain or fixed; provisional", ["definite", "urgent", "loud"]],
  ["candid", "truthful and straightforward; frank", ["secretive", "polite", "nervous"]],
] as const;
const IDIOMS = [
  ["break the ice", "to make people feel more comfortable in a new situation"],
  ["call it a day", "to stop working on something"],
  ["hit the books", "to study hard"],
  ["under the weather", "feeling slightly ill"],
  ["cut corners", "to do something badly to save time or money"],
  ["a piece of cake", "something very easy"],
  ["on the fence", "undecided"],
  ["get the hang of", "to learn how to do something"],
] as const;
const TOPICS = [
  "urban gardening",
  "remote work",
  "ocean plastics",
  "early aviation",
  "public libraries",
  "sleep research",
  "bee populations",
  "electric buses",
  "language learning apps",
  "museum funding",
];

function grammar(rng: Rng): Draft {
  const tense = pick(rng, TENSES);
  const person = pick(rng, PEOPLE);
  const place = pick(rng, PLACES);
  const [correct, ...wrong] = tense.forms;
  return {
    type: "SINGLE_CHOICE",
    prompt: `Choose the correct form to complete the sentence: "${person} ___ to ${place} ${tense.marker}."`,
    explanation: `The time expression "${tense.marker}" calls for the ${tense.name}. "${correct}" is the ${tense.name} form here; the other options either use a different tense or do not agree with the subject "${person}". Remember that time markers are the quickest clue to the tense a sentence needs, and check agreement with the subject last.`,
    tags: ["grammar", tense.name.replace(" ", "-"), pick(rng, ["b1", "b2", "c1"])],
    answers: shuffle(rng, [
      { text: correct, isCorrect: true },
      ...wrong.map((text) => ({ text, isCorrect: false })),
    ]),
  };
}

function vocabulary(rng: Rng): Draft {
  const [word, meaning, others] = pick(rng, WORDS);
  const person = pick(rng, PEOPLE);
  return {
    type: "SINGLE_CHOICE",
    prompt: `Which word best completes the sentence? "${person} was praised for being so ___ in preparing the report for ${pick(rng, PLACES)}."`,
    explanation: `"${word}" means ${meaning}, which fits a context of praise for careful preparation. ${others.map((o) => `"${o}"`).join(", ")} do not fit: they either carry a negative meaning or describe something unrelated to the quality being praised. Learn "${word}" together with its collocations, e.g. "${word} planning", "${word} approach".`,
    tags: ["vocabulary", word, pick(rng, ["b2", "c1", "c2"])],
    answers: shuffle(rng, [
      { text: word, isCorrect: true },
      ...others.map((text) => ({ text, isCorrect: false })),
    ]),
  };
}

function listening(rng: Rng, part: number): Draft {
  const person = pick(rng, PEOPLE);
  const place = pick(rng, PLACES);
  const time = pick(rng, TIMES);
  const other = PLACES.filter((p) => p !== place);
  return {
    type: part === 2 ? "TRUE_FALSE" : "SINGLE_CHOICE",
    prompt:
      part === 2
        ? `Listen to the announcement. True or false: ${person} asks passengers to go to ${place} ${time}.`
        : `Listen to the conversation. Where does ${person.toLowerCase()} say they will meet ${time}?`,
    explanation: `In the recording the speaker clearly mentions ${place} and repeats it at the end ("so that's ${place}, ${time}"). Distractors in the audio mention ${other[0]} and ${other[1]}, but only as places that are closed or too far away. Listen for corrections such as "actually" or "sorry, I mean", which often signal the right answer.`,
    tags: ["listening", `part-${part}`, pick(rng, ["a2", "b1", "b2"])],
    audio: true,
    answers:
      part === 2
        ? [
            { text: "True", isCorrect: true },
            { text: "False", isCorrect: false },
          ]
        : shuffle(rng, [
            { text: `At ${place}`, isCorrect: true },
            { text: `At ${other[0]}`, isCorrect: false },
            { text: `At ${other[1]}`, isCorrect: false },
            { text: `At ${other[2]}`, isCorrect: false },
          ]),
  };
}

function reading(rng: Rng): Draft {
  const topic = pick(rng, TOPICS);
  const year = 1990 + Math.floor(rng() * 35);
  const share = 10 + Math.floor(rng() * 80);
  return {
    type: "MULTIPLE_CHOICE",
    prompt: `Read the passage about ${topic}: "A study published in ${year} found that about ${share}% of participants changed their habits after a year, although researchers warned that the sample was small and mostly urban." Which statements are supported by the passage? Select all that apply.`,
    explanation: `The passage states the year (${year}) and the share (${share}%), and it reports the researchers' own caution about the small, mostly urban sample. It says nothing about a government response or about rural participants being the majority, so those options go beyond the text. In reading tasks, select only what the passage states or directly implies.`,
    tags: ["reading", topic.replace(/ /g, "-"), "inference"],
    answers: shuffle(rng, [
      { text: `The study was published in ${year}.`, isCorrect: true },
      { text: "The researchers considered the sample limited.", isCorrect: true },
      { text: "The government changed its policy as a result.", isCorrect: false },
      { text: "Most participants lived in rural areas.", isCorrect: false },
    ]),
  };
}

function idiom(rng: Rng): Draft {
  const [phrase, meaning] = pick(rng, IDIOMS);
  return {
    type: "SHORT_ANSWER",
    prompt: `Write the idiom that means "${meaning}". (${phrase.split(" ").length} words)`,
    explanation: `The idiom is "${phrase}". It is informal and common in spoken English. Example: "${pick(rng, PEOPLE)} told a joke to ${phrase}." Idioms keep their fixed form, so articles and prepositions must be exactly right.`,
    tags: ["idioms", "writing"],
    answers: [
      { text: phrase, isCorrect: true },
      { text: phrase.replace(/^to /, ""), isCorrect: true },
    ].filter((a, i, all) => all.findIndex((b) => b.text === a.text) === i),
  };
}

const SECTIONS: { name: string; description: string; weight: number; make: (rng: Rng) => Draft }[] = [
  {
    name: "Listening - Part 1",
    description: "Short conversations: choose the right place, time or person.",
    weight: 3,
    make: (r) => listening(r, 1),
  },
  {
    name: "Listening - Part 2",
    description: "Announcements: decide whether each statement is true or false.",
    weight: 2,
    make: (r) => listening(r, 2),
  },
  {
    name: "Listening - Part 3",
    description: "Longer talks with one question each.",
    weight: 2,
    make: (r) => listening(r, 3),
  },
  { name: "Grammar", description: "Tenses, agreement and sentence structure.", weight: 4, make: grammar },
  { name: "Vocabulary", description: "Words in context, from B2 to C2.", weight: 3, make: vocabulary },
  {
    name: "Reading comprehension",
    description: "Short passages with select-all-that-apply questions.",
    weight: 3,
    make: reading,
  },
  {
    name: "Idioms & phrasal verbs",
    description: "Write the idiom that matches the meaning.",
    weight: 1,
    make: idiom,
  },
  {
    name: "Business English",
    description: "Workplace grammar and vocabulary.",
    weight: 2,
    make: (r) => (r() < 0.5 ? grammar(r) : vocabulary(r)),
  },
];

export interface DemoBank {
  sections: Section[];
  questions: Question[];
}

/** Generates the demo bank in memory; deterministic in `seed` and `questions`. */
export function generateDemoBank(options: DemoBankOptions = {}): DemoBank {
  const total = options.questions ?? 240;
  const rng = mulberry32(options.seed ?? 1);
  const created = new Date(Date.UTC(2026, 0, 5, 9, 0, 0));
  const totalWeight = SECTIONS.reduce((sum, s) => sum + s.weight, 0);
  const sections: Section[] = [];
  const questions: Question[] = [];
  let assigned = 0;
  SECTIONS.forEach((spec, index) => {
    const section = Object.assign(new Section(), {
      id: uuid(rng),
      name: spec.name,
      description: spec.description,
      position: index,
      createdAt: created,
      updatedAt: created,
    });
    sections.push(section);
    const count =
      index === SECTIONS.length - 1 ? total - assigned : Math.round((total * spec.weight) / totalWeight);
    assigned += count;
    for (let position = 0; position < count; position++) {
      const draft = spec.make(rng);
      const id = uuid(rng);
      const question = Object.assign(new Question(), {
        id,
        sectionId: section.id,
        type: draft.type,
        prompt: draft.prompt,
        explanation: draft.explanation,
        difficulty: 1 + Math.floor(rng() * 5),
        tags: draft.tags,
        audioPath: draft.audio
          ? `audio/${section.position + 1}/${String(position + 1).padStart(5, "0")}.wav`
          : null,
        audio: null,
        position,
        version: 1,
        createdAt: created,
        updatedAt: created,
      });
      question.answers = draft.answers.map((answer, answerPosition) =>
        Object.assign(new Answer(), { id: uuid(rng), questionId: id, ...answer, position: answerPosition }),
      );
      questions.push(question);
    }
  });
  return { sections, questions };
}

/** Samples per second of the demo's clips: a telephone's, enough for tones. */
const CLIP_RATE = 8000;
/** Pitches of the demo's clips (A minor pentatonic, Hz). */
const NOTES = [220, 261.63, 293.66, 329.63, 392, 440, 523.25, 587.33, 659.25, 783.99];

/**
 * A listening question's clip: about 1.5 s of four short tones as an 8-bit mono WAV file (about
 * 12 KB), different for each `index` and the same every time for one.
 */
export function demoClip(index: number): Uint8Array {
  const rng = mulberry32(index + 1);
  const tones = Array.from({ length: 4 }, () => NOTES[Math.floor(rng() * NOTES.length)]!);
  const perTone = Math.round(CLIP_RATE * (0.3 + rng() * 0.15));
  const samples = new Uint8Array(perTone * tones.length);
  tones.forEach((frequency, t) => {
    for (let i = 0; i < perTone; i++) {
      // A soft attack and decay, so that tones do not click.
      const envelope = Math.min(1, i / 200, (perTone - i) / 400);
      const value = Math.sin((2 * Math.PI * frequency * i) / CLIP_RATE) * envelope;
      samples[t * perTone + i] = 128 + Math.round(90 * value);
    }
  });
  const wav = new WaveFile();
  wav.fromScratch(1, CLIP_RATE, "8", samples);
  return wav.toBuffer();
}

/**
 * Writes the demo bank into an empty database in one transaction; where the bank has a media
 * folder, each listening question gets its clip there ({@link demoClip}).
 * Returns false, writing nothing, when the bank already holds a section.
 */
export async function seedDemoBank(db: BankDatabase, options: DemoBankOptions = {}): Promise<boolean> {
  if ((await db.reader.manager.count(Section)) > 0) return false;
  const bank = generateDemoBank(options);
  await transactionWithMedia(db, async (manager, media) => {
    if ((await manager.count(Section)) > 0) return;
    if (media) {
      let index = 0;
      for (const question of bank.questions) {
        if (!question.audioPath) continue;
        const clip = demoClip(index++);
        await media.put(question.audioPath, clip);
        question.audio = {
          bytes: clip.length,
          durationMs: Math.round((1000 * (clip.length - 44)) / CLIP_RATE),
          mimeType: "audio/wav",
          sha256: createHash("sha256").update(clip).digest("hex"),
        };
      }
    }
    // Multi-row INSERTs with plain parameters: an order of magnitude faster than entity inserts
    // for the 100k-question banks the benchmarks use.
    const insertAll = async (table: RecordTable, rows: unknown[][]) => {
      const per = Math.floor(900 / columnsOf(table).length);
      for (let i = 0; i < rows.length; i += per) {
        const statement = insertRows(db.dialect, table, rows.slice(i, i + per));
        await manager.query(statement.sql, statement.parameters);
      }
    };
    await insertAll(
      SECTION_TABLE,
      bank.sections.map((s) =>
        rowOf(db.dialect, SECTION_TABLE, s, { createdAt: s.createdAt, updatedAt: s.updatedAt }),
      ),
    );
    await insertAll(
      QUESTION_TABLE,
      bank.questions.map((q) =>
        rowOf(db.dialect, QUESTION_TABLE, q, {
          version: q.version,
          createdAt: q.createdAt,
          updatedAt: q.updatedAt,
        }),
      ),
    );
    await insertAll(
      ANSWER_TABLE,
      bank.questions.flatMap((q) =>
        q.answers.map((a) => rowOf(db.dialect, ANSWER_TABLE, a, { owner: a.questionId })),
      ),
    );
  });
  return true;
}
