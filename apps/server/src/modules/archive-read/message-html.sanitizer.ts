import sanitizeHtml from 'sanitize-html';

/** An inline part a cid: URL may name: only images are ever shown. */
export type TInlineImage = { contentType: string; content: Uint8Array };

export type TSanitizeOptions = {
  /** Content-ID (without <>) -> the part, from the same message. */
  inlineImages: ReadonlyMap<string, TInlineImage>;
  /** The reader allowed remote images for this message. */
  allowRemote: boolean;
};

export type TSanitizedHtml = { html: string; remoteContentCount: number };

const TAGS = [
  'a',
  'abbr',
  'b',
  'big',
  'blockquote',
  'br',
  'caption',
  'center',
  'cite',
  'code',
  'col',
  'colgroup',
  'dd',
  'del',
  'div',
  'dl',
  'dt',
  'em',
  'font',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'hr',
  'i',
  'img',
  'ins',
  'kbd',
  'li',
  'mark',
  'ol',
  'p',
  'pre',
  'q',
  's',
  'small',
  'span',
  'strike',
  'strong',
  'sub',
  'sup',
  'table',
  'tbody',
  'td',
  'tfoot',
  'th',
  'thead',
  'tr',
  'tt',
  'u',
  'ul',
];

const LAYOUT_ATTRIBUTES = [
  'style',
  'align',
  'valign',
  'width',
  'height',
  'bgcolor',
  'color',
  'border',
  'cellpadding',
  'cellspacing',
  'colspan',
  'rowspan',
  'dir',
  'lang',
  'title',
  'face',
  'size',
  'span',
];

// Values without parentheses, or colour functions of numbers: no url(), expression(), escapes or
// at-rules, so a style can neither load anything nor run anything in old engines.
const SAFE_STYLE_VALUE = /^(?:[\w\s#%.,'"!+/-]|(?:rgba?|hsla?)\([\d\s.,%/]+\))*$/i;
const STYLE_PROPERTIES = [
  'color',
  'background-color',
  'font',
  'font-family',
  'font-size',
  'font-style',
  'font-weight',
  'text-align',
  'text-decoration',
  'text-transform',
  'text-indent',
  'line-height',
  'letter-spacing',
  'vertical-align',
  'white-space',
  'margin',
  'margin-top',
  'margin-right',
  'margin-bottom',
  'margin-left',
  'padding',
  'padding-top',
  'padding-right',
  'padding-bottom',
  'padding-left',
  'border',
  'border-top',
  'border-right',
  'border-bottom',
  'border-left',
  'border-color',
  'border-style',
  'border-width',
  'border-radius',
  'border-collapse',
  'border-spacing',
  'width',
  'height',
  'max-width',
  'min-width',
  'max-height',
  'display',
  'float',
  'clear',
  'list-style-type',
  'direction',
  'table-layout',
];

const REMOTE = /^https?:\/\//i;
const MAX_INLINE_IMAGE_BYTES = 10 * 1024 * 1024;

/**
 * A message's HTML reduced to what a mail reader needs, with sanitize-html (a maintained,
 * allow-list sanitiser): no script, style or link elements, no event handlers, no forms, frames,
 * SVG, meta refresh or base; links only http(s) and mailto, opened outside the frame; images only
 * cid: (inlined from the message itself as data: URLs) or, once the reader allows it, http(s).
 * The result is further confined by the viewer's sandbox and CSP (message-body.page.ts).
 */
export function sanitizeMessageHtml(dirty: string, options: TSanitizeOptions): TSanitizedHtml {
  let remoteContentCount = 0;
  const html = sanitizeHtml(dirty, {
    allowedTags: TAGS,
    allowedAttributes: {
      '*': LAYOUT_ATTRIBUTES,
      a: ['href', 'name', 'target', 'rel'],
      img: ['src', 'alt'],
      ol: ['start', 'type'],
    },
    allowedSchemes: ['http', 'https', 'mailto'],
    allowedSchemesByTag: { img: ['http', 'https', 'data'] },
    allowedSchemesAppliedToAttributes: ['href', 'src', 'cite'],
    allowProtocolRelative: false,
    allowedStyles: { '*': Object.fromEntries(STYLE_PROPERTIES.map((name) => [name, [SAFE_STYLE_VALUE]])) },
    // Their text is never content: dropped with the element.
    nonTextTags: [
      'script',
      'style',
      'textarea',
      'option',
      'noscript',
      'title',
      'head',
      'svg',
      'math',
      'template',
      'xmp',
      'iframe',
      'object',
    ],
    disallowedTagsMode: 'discard',
    transformTags: {
      a: (tagName, attribs) => ({
        tagName,
        attribs: { ...attribs, target: '_blank', rel: 'noopener noreferrer nofollow' },
      }),
      img: (tagName, attribs) => {
        const { src, ...rest } = attribs;
        const source = (src ?? '').trim();
        if (/^cid:/i.test(source)) {
          const part = options.inlineImages.get(decodeCid(source));
          const url = part ? toDataUrl(part) : undefined;
          return { tagName, attribs: url ? { ...rest, src: url } : rest };
        }
        if (REMOTE.test(source)) {
          remoteContentCount += 1;
          return {
            tagName,
            attribs: options.allowRemote
              ? { ...rest, src: source }
              : { ...rest, title: 'Remote image blocked' },
          };
        }
        // data:, javascript: and anything else the message names itself.
        return { tagName, attribs: rest };
      },
    },
  });
  return { html, remoteContentCount };
}

function decodeCid(source: string): string {
  const id = source.slice(4);
  try {
    return decodeURIComponent(id).replace(/^<|>$/g, '');
  } catch {
    return id.replace(/^<|>$/g, '');
  }
}

function toDataUrl(part: TInlineImage): string | undefined {
  const type = part.contentType.toLowerCase();
  // SVG is left out: as an image it cannot run script, but it is not worth the parser surface.
  if (!/^image\/(png|jpeg|gif|webp|bmp)$/.test(type) || part.content.byteLength > MAX_INLINE_IMAGE_BYTES) {
    return undefined;
  }
  return `data:${type};base64,${Buffer.from(part.content).toString('base64')}`;
}
