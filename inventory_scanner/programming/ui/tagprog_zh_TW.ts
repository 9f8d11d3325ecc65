<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_TW" sourcelanguage="en">
    <context>
        <name>ProgrammingWindow</name>
        <message>
            <source>Tag programming</source>
            <translation>RFID 標籤寫入</translation>
        </message>
        <message>
            <source>Barcode</source>
            <translation>條碼</translation>
        </message>
        <message>
            <source>Scan or type the item's barcode, then Enter</source>
            <translation>掃描或輸入館藏條碼，再按 Enter</translation>
        </message>
        <message>
            <source>Parts</source>
            <translation>件數</translation>
        </message>
        <message>
            <source>Program</source>
            <translation>寫入</translation>
        </message>
        <message>
            <source>Lock the tags</source>
            <translation>鎖定標籤</translation>
        </message>
        <message>
            <source>Locks are permanent: a locked tag can never be rewritten.</source>
            <translation>鎖定是永久的：鎖定後的標籤再也無法改寫。</translation>
        </message>
        <message>
            <source>Confirm re-tag</source>
            <translation>確認重新寫入</translation>
        </message>
        <message>
            <source>Place the item's blank tag on the pad and scan its barcode.</source>
            <translation>請將館藏的空白標籤放在感應區上，並掃描其條碼。</translation>
        </message>
        <message>
            <source>Programming %1…</source>
            <translation>正在寫入 %1…</translation>
        </message>
        <message>
            <source>Done: %1 programmed (%2 tags).</source>
            <translation>完成：%1 已寫入（%2 個標籤）。</translation>
        </message>
        <message>
            <source>This tag holds another item's data. Overwrite it?</source>
            <translation>此標籤存有其他館藏的資料。要覆寫嗎？</translation>
        </message>
        <message>
            <source>Not programmed: %1</source>
            <translation>未寫入：%1</translation>
        </message>
        <message>
            <source>Failed: %1</source>
            <translation>失敗：%1</translation>
        </message>
    </context>
</TS>
