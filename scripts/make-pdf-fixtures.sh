#!/usr/bin/env bash
# Regenerates the PDF test fixtures in tests/fixtures/pdf/ with real tools, so that the tests
# themselves need none of them (the generated PDFs are committed).
#
# Needs: LibreOffice Writer and the WenQuanYi Zen Hei font (Debian: libreoffice-writer-nogui
# fonts-wqy-zenhei), poppler-utils (pdftoppm) and img2pdf (PyPI).
#
#   sample.pdf     the corpus sample (one paragraph per line, UTF-8) opened as text in Writer and
#                  exported: LibreOffice wraps long paragraphs into several lines and embeds
#                  subset TrueType fonts with ToUnicode maps.
#   footer.pdf     three short pages with a running header and a “- N -” page-number footer.
#   scan.pdf       page 1 of sample.pdf rendered to a 1-bit image and wrapped as an image-only PDF
#                  (what a scanner produces: no text layer).
#   encrypted.pdf  a short document exported with an open password (“secret”).
set -euo pipefail
cd "$(dirname "$0")/.."
out=tests/fixtures/pdf
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
font="WenQuanYi Zen Hei"
text_filter="Text (encoded):UTF8,LF,$font,zh-CN,"
# A private profile: no interference with (or from) a LibreOffice the user has running.
soffice() {
    command soffice "-env:UserInstallation=file://$work/profile" --headless "$@" >/dev/null
}

# sample.pdf
cp corpus/000_6f198439acdb62c0.txt "$work/sample.txt"
soffice --infilter="$text_filter" --convert-to pdf --outdir "$work" "$work/sample.txt"
cp "$work/sample.pdf" "$out/sample.pdf"

# scan.pdf
pdftoppm -r 72 -mono -png -f 1 -l 1 "$out/sample.pdf" "$work/page"
img2pdf "$work"/page-1.png -o "$out/scan.pdf"

# encrypted.pdf
printf '附件\n1. 新建幼儿园12所。\n' > "$work/encrypted.txt"
soffice --infilter="$text_filter" \
    --convert-to 'pdf:writer_pdf_Export:{"EncryptFile":{"type":"boolean","value":"true"},"DocumentOpenPassword":{"type":"string","value":"secret"}}' \
    --outdir "$work" "$work/encrypted.txt"
cp "$work/encrypted.pdf" "$out/encrypted.pdf"

# footer.pdf: a flat ODT with a header and a page-number footer on every page.
para() { printf '<text:p text:style-name="%s">%s</text:p>\n' "$1" "$2"; }
{
    cat <<XML
<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.text">
<office:font-face-decls>
 <style:font-face style:name="$font" svg:font-family="'$font'" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"/>
</office:font-face-decls>
<office:styles>
 <style:style style:name="Standard" style:family="paragraph">
  <style:text-properties style:font-name="$font" style:font-name-asian="$font" fo:font-size="14pt" style:font-size-asian="14pt"/>
 </style:style>
 <style:style style:name="Center" style:family="paragraph" style:parent-style-name="Standard">
  <style:paragraph-properties fo:text-align="center"/>
 </style:style>
 <style:style style:name="Break" style:family="paragraph" style:parent-style-name="Standard">
  <style:paragraph-properties fo:break-before="page"/>
 </style:style>
</office:styles>
<office:automatic-styles>
 <style:page-layout style:name="pm1">
  <style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm" fo:margin-top="2cm" fo:margin-bottom="2cm" fo:margin-left="2.5cm" fo:margin-right="2.5cm"/>
 </style:page-layout>
</office:automatic-styles>
<office:master-styles>
 <style:master-page style:name="Standard" style:page-layout-name="pm1">
  <style:header><text:p text:style-name="Center">某市人民政府工作报告</text:p></style:header>
  <style:footer><text:p text:style-name="Center">- <text:page-number text:select-page="current">1</text:page-number> -</text:p></style:footer>
 </style:master-page>
</office:master-styles>
<office:body><office:text>
XML
    para Standard "政府工作报告"
    para Standard "(五)办好民生实事。新增城镇就业3万人以上,新建幼儿园12所,改造老旧小区80个。"
    para Break "附件"
    para Standard "某市2024年3件民生实事项目"
    para Standard "1. 新增城镇就业3万人以上(牵头单位:市人社局)。"
    para Standard "2. 新建幼儿园12所(牵头单位:市教育局)。"
    para Break "3. 改造老旧小区80个(牵头单位:市住建局)。"
    echo '</office:text></office:body></office:document>'
} > "$work/footer.fodt"
soffice --convert-to pdf --outdir "$work" "$work/footer.fodt"
cp "$work/footer.pdf" "$out/footer.pdf"

ls -l "$out"
