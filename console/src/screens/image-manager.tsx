/** Images: drop several files (or pick them) to upload together with per-file progress; primary, order, delete. */
import { useRef, useState } from "preact/hooks";
import type { components } from "../../../client/index.ts";
import { ApiFailure, call, shop, uploadWithProgress } from "../api";
import { ErrorBox, useAction } from "../ui";

type Image = components["schemas"]["ProductImage"];
interface Upload {
  name: string;
  progress: number;
  error?: unknown;
}

export function ImageManager({ productId, images, onChange }: { productId: string; images: Image[]; onChange: () => Promise<void> }) {
  const [uploads, setUploads] = useState<Upload[]>([]);
  const [over, setOver] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const action = useAction();
  const sorted = [...images].sort((a, b) => a.position - b.position);

  const upload = async (files: File[]) => {
    if (!files.length) return;
    const start = uploads.length;
    setUploads((u) => [...u, ...files.map((f) => ({ name: f.name, progress: 0 }))]);
    const batch = (patch: (i: number) => Partial<Upload>) => setUploads((u) => u.map((x, j) => (j >= start && j < start + files.length ? { ...x, ...patch(j - start) } : x)));
    try {
      await uploadWithProgress(`/api/v1/admin/products/${encodeURIComponent(productId)}/images`, files, (fractions) => batch((i) => ({ progress: fractions[i] ?? 0 })));
    } catch (error) {
      batch(() => ({ error: error instanceof ApiFailure ? error : new Error(String(error)) }));
    }
    await onChange();
  };

  const path = (image: Image) => ({ id: productId, image_id: image.id });
  const patch = (image: Image, body: components["schemas"]["UpdateImage"]) =>
    action.run(async () => {
      await call(() => shop.PATCH("/api/v1/admin/products/{id}/images/{image_id}", { params: { path: path(image) }, body }));
      await onChange();
    });
  /** Moves an image one place by swapping positions with its neighbour (two writes, the API's own fields). */
  const swap = (a: Image, b: Image) =>
    action.run(async () => {
      await call(() => shop.PATCH("/api/v1/admin/products/{id}/images/{image_id}", { params: { path: path(a) }, body: { position: b.position } }));
      await call(() => shop.PATCH("/api/v1/admin/products/{id}/images/{image_id}", { params: { path: path(b) }, body: { position: a.position } }));
      await onChange();
    });
  const neighbour = (j: number, then: (n: Image) => void) => {
    const n = sorted[j];
    if (n) then(n);
  };
  const remove = (image: Image) =>
    action.run(async () => {
      await call(() => shop.DELETE("/api/v1/admin/products/{id}/images/{image_id}", { params: { path: path(image) } }));
      await onChange();
    });

  return (
    <section class="card" aria-labelledby="images-title">
      <h2 id="images-title">Images</h2>
      <div
        class={`dropzone${over ? " over" : ""}`}
        data-testid="dropzone"
        role="button"
        tabIndex={0}
        aria-label="Upload images: drop files here, or press Enter to choose"
        onClick={() => input.current?.click()}
        onKeyDown={(e) => (e.key === "Enter" || e.key === " ") && (e.preventDefault(), input.current?.click())}
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={(e) => {
          e.preventDefault();
          setOver(false);
          void upload([...(e.dataTransfer?.files ?? [])]);
        }}
      >
        Drop images here (JPEG, PNG, WebP, GIF; several at once), or choose files
        <input
          ref={input}
          type="file"
          accept="image/jpeg,image/png,image/webp,image/gif"
          multiple
          hidden
          onChange={(e) => {
            void upload([...(e.currentTarget.files ?? [])]);
            e.currentTarget.value = "";
          }}
        />
      </div>
      {uploads.length > 0 && (
        <ul class="uploads" aria-label="Uploads">
          {uploads.map((u) => (
            <li>
              <span>{u.name}</span>
              <progress max={1} value={u.progress} aria-label={`${u.name} upload`} />
              {u.error ? <ErrorBox error={u.error} /> : <span class="muted">{u.progress >= 1 ? "done" : `${Math.round(u.progress * 100)}%`}</span>}
            </li>
          ))}
        </ul>
      )}
      <ErrorBox error={action.error} />
      <ol class="images" data-testid="images">
        {sorted.map((img, i) => (
          <li key={img.id}>
            <img src={img.url} alt={img.alt_text || `Image ${i + 1}`} loading="lazy" />
            <div>
              {img.is_primary ? (
                <strong>Primary</strong>
              ) : (
                <button class="link" disabled={action.busy} onClick={() => patch(img, { is_primary: true })}>
                  Make primary
                </button>
              )}
            </div>
            <div class="row">
              <button class="link" disabled={action.busy || i === 0} aria-label={`Move image ${i + 1} earlier`} onClick={() => neighbour(i - 1, (n) => swap(img, n))}>
                ←
              </button>
              <button class="link" disabled={action.busy || i === sorted.length - 1} aria-label={`Move image ${i + 1} later`} onClick={() => neighbour(i + 1, (n) => swap(img, n))}>
                →
              </button>
              <button class="link danger" disabled={action.busy} onClick={() => remove(img)}>
                Delete
              </button>
            </div>
          </li>
        ))}
      </ol>
    </section>
  );
}
