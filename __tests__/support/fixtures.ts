import { readFileSync } from 'node:fs'

/** The committed fixture files (made by `fixtures/make-fixtures.sh`) and the media type each one is. */
export const FIXTURES = [
  { file: 'image.png', mime: 'image/png' },
  { file: 'image.jpg', mime: 'image/jpeg' },
  { file: 'image.gif', mime: 'image/gif' },
  { file: 'image.webp', mime: 'image/webp' },
  { file: 'document.pdf', mime: 'application/pdf' },
  { file: 'sound.wav', mime: 'audio/wav' },
  { file: 'archive.zip', mime: 'application/zip' },
  {
    file: 'document.docx',
    mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  },
] as const

/** Text that file-type cannot name. */
export const UNDETECTABLE_FIXTURE = 'notes.txt'

export const readFixture = (file: string): Buffer =>
  readFileSync(new URL(`../fixtures/${file}`, import.meta.url))
