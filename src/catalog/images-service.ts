import type { Actor } from "../audit/actor";
import { auditStatement, changedFields, removedFields } from "../audit/record";
import { and, asc, eq, max, ne } from "drizzle-orm";
import { productImages } from "../db/schema";
import type { DbDeps, Env, Principal, ReadDeps } from "../env";
import { intVar } from "../lib/config";
import { isUniqueViolationOn } from "../lib/db-errors";
import { AppError, notFound } from "../lib/errors";
import { newId } from "../lib/ids";
import { sniffImage, type ImageKind } from "./image-sniff";
import type { AdminImageView, UpdateImageInput } from "./product-schemas";
import { productImagesOf, toAdminImageView } from "./product-view";
import { editableProduct } from "./products-service";

const MAX_FILES_PER_UPLOAD = 10;
/** Keys are never reused, so an object's bytes never change under its URL. */
export const IMMUTABLE = "public, max-age=31536000, immutable";

/** The whole multipart body may hold MAX_FILES_PER_UPLOAD files at the per-image cap, plus form overhead. */
export function uploadBodyCap(env: Env): number {
  return intVar(env, "MAX_IMAGE_BYTES") * MAX_FILES_PER_UPLOAD + 64 * 1024;
}

interface CheckedFile {
  file: File;
  kind: ImageKind;
}

/** Every file is checked before anything is stored, so a bad file in the batch writes nothing. */
async function checkFiles(env: Env, files: File[]): Promise<CheckedFile[]> {
  if (files.length > MAX_FILES_PER_UPLOAD) {
    throw new AppError(400, "validation_error", `At most ${MAX_FILES_PER_UPLOAD} files per upload`, { field: "files" });
  }
  const cap = intVar(env, "MAX_IMAGE_BYTES");
  const checked: CheckedFile[] = [];
  for (const file of files) {
    if (file.size > cap) {
      throw new AppError(413, "payload_too_large", `${file.name || "A file"} is larger than ${cap} bytes`, {
        file: file.name,
        max_bytes: cap,
      });
    }
    const kind = sniffImage(new Uint8Array(await file.slice(0, 12).arrayBuffer()));
    if (!kind) {
      throw new AppError(415, "unsupported_media_type", `${file.name || "A file"} is not a JPEG, PNG, WebP or GIF image`, {
        file: file.name,
      });
    }
    checked.push({ file, kind });
  }
  return checked;
}

type ImageRow = typeof productImages.$inferSelect;

/** An image's audited fields, named as the API names them. */
const audited = (i: Partial<ImageRow>) => ({
  product_id: i.productId,
  key: i.key,
  alt_text: i.altText,
  position: i.position,
  is_primary: i.isPrimary,
});

export async function uploadImages(
  deps: DbDeps,
  principal: Actor,
  productId: string,
  files: File[],
  altText: string | undefined,
): Promise<AdminImageView[]> {
  const { env, db } = deps;
  await editableProduct(deps, principal, productId);
  const checked = await checkFiles(env, files);

  // Random keys cannot collide, whatever the file was called.
  const uploads = checked.map(({ file, kind }) => ({
    id: newId(),
    productId,
    key: `${crypto.randomUUID()}.${kind.extension}`,
    contentType: kind.contentType,
    size: file.size,
    altText: altText ?? "",
    createdBy: principal.id,
    updatedBy: principal.id,
  }));
  await Promise.all(
    uploads.map(async (row, i) =>
      env.MEDIA.put(row.key, await checked[i]!.file.arrayBuffer(), { httpMetadata: { contentType: row.contentType, cacheControl: IMMUTABLE } }),
    ),
  );
  try {
    for (let attempt = 1; ; attempt++) {
      const rows = await placed(deps, productId, uploads);
      try {
        const [first, ...rest] = rows.flatMap((row) => [
          db.insert(productImages).values(row),
          auditStatement(db, principal, "create", "image", row.id, changedFields(null, audited(row))),
        ]);
        if (first) await db.batch([first, ...rest]);
        break;
      } catch (err) {
        // Two first uploads to one product raced for its primary image: the later places its images again.
        if (attempt < PLACEMENT_ATTEMPTS && isUniqueViolationOn(err, "product_images.product_id")) continue;
        throw err;
      }
    }
  } catch (err) {
    // Compensate: objects without rows would never be served or cleaned up.
    await env.MEDIA.delete(uploads.map((r) => r.key));
    throw err;
  }
  return (await productImagesOf(deps, productId)).filter((img) => uploads.some((r) => r.id === img.id)).map(toAdminImageView);
}

const PLACEMENT_ATTEMPTS = 3;

/** New images go after the product's last one; the first becomes primary if the product has none. */
async function placed<T>(deps: ReadDeps, productId: string, uploads: T[]): Promise<Array<T & { position: number; isPrimary: boolean }>> {
  const { db } = deps;
  const [[last], existingPrimary] = await Promise.all([
    db.select({ position: max(productImages.position) }).from(productImages).where(eq(productImages.productId, productId)),
    db.query.productImages.findFirst({ where: and(eq(productImages.productId, productId), eq(productImages.isPrimary, true)) }),
  ]);
  const firstPosition = (last?.position ?? -1) + 1;
  return uploads.map((u, i) => ({ ...u, position: firstPosition + i, isPrimary: !existingPrimary && i === 0 }));
}

async function editableImage(deps: DbDeps, principal: Principal, productId: string, imageId: string) {
  const { db } = deps;
  await editableProduct(deps, principal, productId);
  const image = await db.query.productImages.findFirst({
    where: and(eq(productImages.id, imageId), eq(productImages.productId, productId)),
  });
  if (!image) throw notFound("Image");
  return { db, image };
}

export async function updateImage(
  deps: DbDeps,
  principal: Actor,
  productId: string,
  imageId: string,
  input: UpdateImageInput,
): Promise<AdminImageView> {
  const { db, image } = await editableImage(deps, principal, productId, imageId);
  const changes = {
    ...(input.position !== undefined ? { position: input.position } : {}),
    ...(input.alt_text !== undefined ? { altText: input.alt_text } : {}),
  };
  const by = { updatedBy: principal.id };
  const audit = auditStatement(db, principal, "update", "image", imageId, changedFields(audited(image), audited({ ...changes, ...(input.is_primary ? { isPrimary: true } : {}) })));
  if (input.is_primary) {
    // One batch (atomic): clear the old primary first, or the partial unique index refuses the new one.
    await db.batch([
      db.update(productImages).set({ isPrimary: false }).where(and(eq(productImages.productId, productId), ne(productImages.id, imageId))),
      db.update(productImages).set({ ...changes, ...by, isPrimary: true }).where(eq(productImages.id, imageId)),
      audit,
    ]);
  } else if (Object.keys(changes).length > 0) {
    await db.batch([db.update(productImages).set({ ...changes, ...by }).where(eq(productImages.id, imageId)), audit]);
  }
  const row = await db.query.productImages.findFirst({ where: eq(productImages.id, imageId) });
  if (!row) throw notFound("Image");
  return toAdminImageView(row);
}

/** Deletes the row and its object; a deleted primary hands the role to the next image by position. */
export async function deleteImage(deps: DbDeps, principal: Actor, productId: string, imageId: string): Promise<void> {
  const { db, image } = await editableImage(deps, principal, productId, imageId);
  await db.batch([
    db.delete(productImages).where(eq(productImages.id, imageId)),
    auditStatement(db, principal, "delete", "image", imageId, removedFields(audited(image))),
  ]);
  await deps.env.MEDIA.delete(image.key);
  if (!image.isPrimary) return;
  const next = await db.query.productImages.findFirst({
    where: eq(productImages.productId, productId),
    orderBy: [asc(productImages.position), asc(productImages.createdAt)],
  });
  if (next) await db.update(productImages).set({ isPrimary: true }).where(eq(productImages.id, next.id));
}
