<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="id" sourcelanguage="en">
    <context>
        <name>ProgrammingWindow</name>
        <message>
            <source>Tag programming</source>
            <translation>Pemrograman tag RFID</translation>
        </message>
        <message>
            <source>Barcode</source>
            <translation>Barcode</translation>
        </message>
        <message>
            <source>Scan or type the item's barcode, then Enter</source>
            <translation>Pindai atau ketik barcode item, lalu Enter</translation>
        </message>
        <message>
            <source>Parts</source>
            <translation>Bagian</translation>
        </message>
        <message>
            <source>Program</source>
            <translation>Program</translation>
        </message>
        <message>
            <source>Lock the tags</source>
            <translation>Kunci tag</translation>
        </message>
        <message>
            <source>Locks are permanent: a locked tag can never be rewritten.</source>
            <translation>Penguncian bersifat permanen: tag yang terkunci tidak dapat ditulis ulang.</translation>
        </message>
        <message>
            <source>Confirm re-tag</source>
            <translation>Konfirmasi tag ulang</translation>
        </message>
        <message>
            <source>Place the item's blank tag on the pad and scan its barcode.</source>
            <translation>Letakkan tag kosong item di pad dan pindai barcode-nya.</translation>
        </message>
        <message>
            <source>Programming %1…</source>
            <translation>Memprogram %1…</translation>
        </message>
        <message>
            <source>Done: %1 programmed (%2 tags).</source>
            <translation>Selesai: %1 diprogram (%2 tag).</translation>
        </message>
        <message>
            <source>This tag holds another item's data. Overwrite it?</source>
            <translation>Tag ini berisi data item lain. Timpa?</translation>
        </message>
        <message>
            <source>Not programmed: %1</source>
            <translation>Tidak diprogram: %1</translation>
        </message>
        <message>
            <source>Failed: %1</source>
            <translation>Gagal: %1</translation>
        </message>
    </context>
</TS>
