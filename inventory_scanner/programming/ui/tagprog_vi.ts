<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="vi" sourcelanguage="en">
    <context>
        <name>ProgrammingWindow</name>
        <message>
            <source>Tag programming</source>
            <translation>Ghi thẻ RFID</translation>
        </message>
        <message>
            <source>Barcode</source>
            <translation>Mã vạch</translation>
        </message>
        <message>
            <source>Scan or type the item's barcode, then Enter</source>
            <translation>Quét hoặc nhập mã vạch tài liệu, rồi nhấn Enter</translation>
        </message>
        <message>
            <source>Parts</source>
            <translation>Số phần</translation>
        </message>
        <message>
            <source>Program</source>
            <translation>Ghi thẻ</translation>
        </message>
        <message>
            <source>Lock the tags</source>
            <translation>Khóa thẻ</translation>
        </message>
        <message>
            <source>Locks are permanent: a locked tag can never be rewritten.</source>
            <translation>Khóa là vĩnh viễn: thẻ đã khóa không bao giờ ghi lại được.</translation>
        </message>
        <message>
            <source>Confirm re-tag</source>
            <translation>Xác nhận ghi lại thẻ</translation>
        </message>
        <message>
            <source>Place the item's blank tag on the pad and scan its barcode.</source>
            <translation>Đặt thẻ trắng của tài liệu lên đầu đọc và quét mã vạch.</translation>
        </message>
        <message>
            <source>Programming %1…</source>
            <translation>Đang ghi %1…</translation>
        </message>
        <message>
            <source>Done: %1 programmed (%2 tags).</source>
            <translation>Xong: đã ghi %1 (%2 thẻ).</translation>
        </message>
        <message>
            <source>This tag holds another item's data. Overwrite it?</source>
            <translation>Thẻ này chứa dữ liệu của tài liệu khác. Ghi đè lên?</translation>
        </message>
        <message>
            <source>Not programmed: %1</source>
            <translation>Chưa ghi: %1</translation>
        </message>
        <message>
            <source>Failed: %1</source>
            <translation>Lỗi: %1</translation>
        </message>
    </context>
</TS>
