// The key under a drawing: what each colour and line means.
const swatch = (color: string, text: string, border = "#999999") =>
  `<span style="display:inline-block;margin-right:10px"><span style="display:inline-block;width:10px;height:10px;background:${color};border:1px solid ${border};border-radius:2px;vertical-align:middle"></span> ${text}</span>`;

export function legendHtml(): string {
  return (
    `<div class="gradlab-legend" style="font:11px Helvetica,Arial,sans-serif;color:#444;margin:4px 0">` +
    swatch("#fff2b3", "parameter") +
    swatch("#d9f2d9", "leaf (requires grad)") +
    swatch("#eeeeee", "constant") +
    swatch("#cfe2ff", "result") +
    swatch("#f4f4f4", "op") +
    swatch("#e8e0f5", "module (collapsed)") +
    `<span style="color:#c00000">- - - cut (noGrad / detach)</span> · ` +
    `<span style="color:#a14d00">grad</span> · heatmaps: <span style="color:#2166ac">−</span> blue, <span style="color:#b2182b">+</span> red` +
    `</div>`
  );
}
