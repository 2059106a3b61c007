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
  { file: 'streamed.zip', mime: 'application/zip' },
  { file: 'commented.zip', mime: 'application/zip' },
  { file: 'word-folder.zip', mime: 'application/zip' },
  { file: 'many-entries.zip', mime: 'application/zip' },
  { file: 'app.jar', mime: 'application/java-archive' },
  { file: 'app.apk', mime: 'application/vnd.android.package-archive' },
  {
    file: 'document.docx',
    mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  },
  {
    file: 'content-types-last.docx',
    mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  },
  {
    file: 'streamed.docx',
    mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  },
  {
    file: 'spreadsheet.xlsx',
    mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  },
  {
    file: 'presentation.pptx',
    mime: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  },
  { file: 'book.epub', mime: 'application/epub+zip' },
  { file: 'hello.txt.gz', mime: 'application/gzip' },
  { file: 'archive.tar.gz', mime: 'application/gzip' },
] as const

/** The fixtures that are ZIP archives, whose central directory the detector reads. */
export const ZIP_FIXTURES = FIXTURES.filter(({ file }) =>
  /\.(zip|docx|xlsx|pptx|epub|jar|apk)$/.test(file),
)

/** Text that file-type cannot name. */
export const UNDETECTABLE_FIXTURE = 'notes.txt'

export const readFixture = (file: string): Buffer =>
  readFileSync(new URL(`../fixtures/${file}`, import.meta.url))
