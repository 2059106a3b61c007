/**
 * A line chart of time per invocation against body size, both axes logarithmic, as a standalone SVG: one
 * line per variant, a marker at each measured size, a legend on the right. No dependencies; the markup is
 * plain enough to read in a diff.
 */

export interface Series {
  readonly name: string
  readonly colour: string
  /** Drawn dashed: the reference lines (the floor). */
  readonly dashed?: boolean
  readonly points: ReadonlyArray<{ readonly bytes: number; readonly ns: number }>
}

const WIDTH = 900
const HEIGHT = 520
const PLOT = { left: 80, top: 70, right: 600, bottom: 450 }

const escapeXml = (text: string): string =>
  text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;')

const decadesAround = (values: readonly number[]): [number, number] => [
  Math.floor(Math.log10(Math.min(...values))),
  Math.ceil(Math.log10(Math.max(...values))),
]

const sizeLabel = (bytes: number): string =>
  bytes >= 1e6 ? `${bytes / 1e6} MB` : bytes >= 1e3 ? `${bytes / 1e3} KB` : `${bytes} B`
const timeLabel = (ns: number): string =>
  ns >= 1e9
    ? `${ns / 1e9} s`
    : ns >= 1e6
      ? `${ns / 1e6} ms`
      : ns >= 1e3
        ? `${ns / 1e3} µs`
        : `${ns} ns`

export const timeBySizeChart = (
  title: string,
  subtitle: string,
  series: readonly Series[],
): string => {
  const points = series.flatMap((s) => s.points)
  const [xLow, xHigh] = decadesAround(points.map((p) => p.bytes))
  const [yLow, yHigh] = decadesAround(points.map((p) => p.ns))
  const x = (bytes: number) =>
    PLOT.left + ((Math.log10(bytes) - xLow) / (xHigh - xLow)) * (PLOT.right - PLOT.left)
  const y = (ns: number) =>
    PLOT.bottom - ((Math.log10(ns) - yLow) / (yHigh - yLow)) * (PLOT.bottom - PLOT.top)
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" font-size="13">`,
    `<title>${escapeXml(`${title}: ${series.map((s) => s.name).join(', ')}`)}</title>`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="white"/>`,
    `<text x="${PLOT.left}" y="28" font-size="17" font-weight="bold">${escapeXml(title)}</text>`,
    `<text x="${PLOT.left}" y="50" fill="#555">${escapeXml(subtitle)}</text>`,
  ]
  for (let decade = xLow; decade <= xHigh; decade++) {
    const at = x(10 ** decade).toFixed(1)
    out.push(
      `<line x1="${at}" y1="${PLOT.top}" x2="${at}" y2="${PLOT.bottom}" stroke="#ddd"/>`,
      `<text x="${at}" y="${PLOT.bottom + 20}" text-anchor="middle">${sizeLabel(10 ** decade)}</text>`,
    )
  }
  for (let decade = yLow; decade <= yHigh; decade++) {
    const at = y(10 ** decade).toFixed(1)
    out.push(
      `<line x1="${PLOT.left}" y1="${at}" x2="${PLOT.right}" y2="${at}" stroke="#ddd"/>`,
      `<text x="${PLOT.left - 8}" y="${at}" text-anchor="end" dominant-baseline="middle">${timeLabel(10 ** decade)}</text>`,
    )
  }
  out.push(
    `<rect x="${PLOT.left}" y="${PLOT.top}" width="${PLOT.right - PLOT.left}" height="${PLOT.bottom - PLOT.top}" fill="none" stroke="#888"/>`,
    `<text x="${(PLOT.left + PLOT.right) / 2}" y="${PLOT.bottom + 45}" text-anchor="middle">body size (bytes returned by the handler)</text>`,
    `<text transform="translate(22 ${(PLOT.top + PLOT.bottom) / 2}) rotate(-90)" text-anchor="middle">time per invocation (median)</text>`,
  )
  series.forEach((s, index) => {
    const sorted = [...s.points].sort((a, b) => a.bytes - b.bytes)
    const path = sorted.map((p) => `${x(p.bytes).toFixed(1)},${y(p.ns).toFixed(1)}`).join(' ')
    const dash = s.dashed === true ? ' stroke-dasharray="6 4"' : ''
    out.push(
      `<polyline points="${path}" fill="none" stroke="${s.colour}" stroke-width="2.5"${dash}/>`,
      ...sorted.map(
        (p) =>
          `<circle cx="${x(p.bytes).toFixed(1)}" cy="${y(p.ns).toFixed(1)}" r="3.5" fill="${s.colour}"/>`,
      ),
    )
    const legendY = PLOT.top + 10 + index * 24
    out.push(
      `<line x1="${PLOT.right + 20}" y1="${legendY}" x2="${PLOT.right + 50}" y2="${legendY}" stroke="${s.colour}" stroke-width="2.5"${dash}/>`,
      `<text x="${PLOT.right + 58}" y="${legendY}" dominant-baseline="middle">${escapeXml(s.name)}</text>`,
    )
  })
  out.push('</svg>')
  return `${out.join('\n')}\n`
}
