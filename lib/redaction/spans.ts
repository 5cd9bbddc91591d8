/** A stretch of a text to replace: UTF-16 offsets, `end` exclusive. */
export interface TextSpan {
  start: number;
  end: number;
}
