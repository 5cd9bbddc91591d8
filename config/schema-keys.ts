/**
 * The keys a zod schema takes at a path of the data it parses, read from the schema itself, so a
 * misspelt key in the profiles file is matched against what the schema really has.
 */
import { z } from 'zod';

type Path = readonly PropertyKey[];

/** The keys of the object the schema expects at `path` in `data`; none where it expects no object. */
export function schemaKeysAt(schema: z.ZodType, path: Path, data: unknown): string[] {
  const keys = new Set<string>();
  for (const object of objectsAt(schema, path, data)) for (const key of Object.keys(object.shape)) keys.add(key);
  return [...keys];
}

function objectsAt(schema: z.ZodType, path: Path, data: unknown): z.ZodObject[] {
  const inner = unwrapped(schema);
  if (inner instanceof z.ZodUnion) return optionsFor(inner, data).flatMap((option) => objectsAt(option, path, data));
  if (inner instanceof z.ZodIntersection) return [inner.def.left, inner.def.right].flatMap((side) => objectsAt(side as z.ZodType, path, data));
  if (path.length === 0) return inner instanceof z.ZodObject ? [inner] : [];
  const [step, ...rest] = path;
  const child = childAt(data, step!);
  if (inner instanceof z.ZodObject) {
    const field = (inner.shape as Record<string, z.ZodType | undefined>)[String(step)];
    return field ? objectsAt(field, rest, child) : [];
  }
  if (inner instanceof z.ZodRecord) return objectsAt(inner.valueType as z.ZodType, rest, child);
  if (inner instanceof z.ZodArray) return objectsAt(inner.element as z.ZodType, rest, child);
  return [];
}

/** The schema under its wrappers: optional, nullable, default, a transform's input, a lazy's target. */
function unwrapped(schema: z.ZodType): z.ZodType {
  let current: z.ZodType = schema;
  for (;;) {
    if (current instanceof z.ZodOptional || current instanceof z.ZodNullable || current instanceof z.ZodDefault || current instanceof z.ZodPrefault) {
      current = current.def.innerType as z.ZodType;
    } else if (current instanceof z.ZodReadonly || current instanceof z.ZodCatch) {
      current = current.def.innerType as z.ZodType;
    } else if (current instanceof z.ZodPipe) {
      // A preprocess's input is the transform; what it feeds is the schema that reads the keys.
      current = (current.def.in instanceof z.ZodTransform ? current.def.out : current.def.in) as z.ZodType;
    } else if (current instanceof z.ZodLazy) {
      current = current.def.getter() as z.ZodType;
    } else {
      return current;
    }
  }
}

/** A discriminated union's options for the discriminator the data has (all of them when it has none they know). */
function optionsFor(union: z.ZodUnion, data: unknown): z.ZodType[] {
  const options = union.def.options as z.ZodType[];
  const discriminator = (union.def as { discriminator?: string }).discriminator;
  if (discriminator === undefined || !isRecord(data)) return options;
  const matching = options.filter((option) => {
    const object = unwrapped(option);
    const field = object instanceof z.ZodObject ? (object.shape as Record<string, z.ZodType | undefined>)[discriminator] : undefined;
    return field?.safeParse(data[discriminator]).success === true;
  });
  return matching.length > 0 ? matching : options;
}

function childAt(data: unknown, step: PropertyKey): unknown {
  return isRecord(data) || Array.isArray(data) ? (data as Record<PropertyKey, unknown>)[step] : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
