/**
 * Character vocabularies of the text datasets a gpt run can train on, by datasetRoot: the spec names the dataset
 * only by its root, and the page needs the characters to turn a prompt into token ids and back. Each entry is
 * checked against the committed dataset manifest (charVocab.test.ts).
 */
export const CHAR_VOCABS: Readonly<Record<string, { name: string; vocab: string }>> = {
  '0x41eb29b4fd6f242da103b263c0c3ebf6a6ae02b90b864e491b64624841a2c5a7': {
    name: 'kjv',
    vocab: "\n !'(),-.0123456789:;?ABCDEFGHIJKLMNOPQRSTUVWYZabcdefghijklmnopqrstuvwxyz",
  },
};
