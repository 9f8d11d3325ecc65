<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="vi" sourcelanguage="en">
    <context>
        <name>SweepWindow</name>
        <message>
            <source>Walk the wand along the shelf</source>
            <translation>Di chuyển đầu đọc dọc kệ sách</translation>
        </message>
        <message>
            <source>Range %1 (pass %2)</source>
            <translation>Dãy %1 (lượt %2)</translation>
        </message>
        <message>
            <source>Stopped: %1</source>
            <translation>Đã dừng: %1</translation>
        </message>
        <message>
            <source>Misplaced: %1 belongs in %2</source>
            <translation>Đặt sai chỗ: %1 thuộc về %2</translation>
        </message>
        <message>
            <source>On loan but on the shelf: %1</source>
            <translation>Đang cho mượn nhưng ở trên kệ: %1</translation>
        </message>
        <message>
            <source>Found again (was lost or missing): %1</source>
            <translation>Tìm lại được (đã mất hoặc thiếu): %1</translation>
        </message>
        <message>
            <source>Withdrawn but on the shelf: %1</source>
            <translation>Đã thanh lý nhưng ở trên kệ: %1</translation>
        </message>
        <message>
            <source>In transit but on the shelf: %1</source>
            <translation>Đang chuyển nhưng ở trên kệ: %1</translation>
        </message>
        <message>
            <source>Security marker wrong: %1</source>
            <translation>Dấu an ninh sai: %1</translation>
        </message>
        <message>
            <source>Unknown tag: %1</source>
            <translation>Thẻ không xác định: %1</translation>
        </message>
        <message>
            <source>Security marker fixed: %1</source>
            <translation>Đã sửa dấu an ninh: %1</translation>
        </message>
        <message>
            <source>Found: %1</source>
            <translation>Tìm thấy: %1</translation>
        </message>
        <message>
            <source>Find finished</source>
            <translation>Tìm kiếm xong</translation>
        </message>
        <message>
            <source>Sweep finished</source>
            <translation>Kiểm kê xong</translation>
        </message>
        <message>
            <source>Seen %1 · missing %2 · misplaced %3 · problems %4 · passes %5</source>
            <translation>Đã thấy %1 · thiếu %2 · sai chỗ %3 · vấn đề %4 · lượt %5</translation>
        </message>
        <message>
            <source>Find</source>
            <translation>Tìm</translation>
        </message>
        <message>
            <source>Shelf sweep</source>
            <translation>Kiểm kê kệ</translation>
        </message>
        <message>
            <source>Large type</source>
            <translation>Chữ lớn</translation>
        </message>
        <message>
            <source>Ready</source>
            <translation>Sẵn sàng</translation>
        </message>
    </context>
    <context>
        <name>ListPicker</name>
        <message>
            <source>Choose a range or a pull list</source>
            <translation>Chọn dãy kệ hoặc danh sách cần lấy</translation>
        </message>
        <message>
            <source>Shelf-list file</source>
            <translation>Tệp danh sách kệ</translation>
        </message>
        <message>
            <source>From the centre</source>
            <translation>Lấy từ trung tâm</translation>
        </message>
        <message>
            <source>File</source>
            <translation>Tệp</translation>
        </message>
        <message>
            <source>Browse…</source>
            <translation>Duyệt…</translation>
        </message>
        <message>
            <source>From call number</source>
            <translation>Từ ký hiệu xếp giá</translation>
        </message>
        <message>
            <source>To call number</source>
            <translation>Đến ký hiệu xếp giá (không gồm)</translation>
        </message>
        <message>
            <source>Sweep the range</source>
            <translation>Kiểm kê dãy này</translation>
        </message>
        <message>
            <source>Find the pull list</source>
            <translation>Tìm sách trong danh sách cần lấy</translation>
        </message>
        <message>
            <source>Pull list: %1 items</source>
            <translation>Danh sách cần lấy: %1 cuốn</translation>
        </message>
        <message>
            <source>%1 (%2 items)</source>
            <translation>%1 (%2 cuốn)</translation>
        </message>
        <message>
            <source>Start</source>
            <translation>Bắt đầu</translation>
        </message>
        <message>
            <source>Cannot read %1: %2</source>
            <translation>Không đọc được %1: %2</translation>
        </message>
        <message>
            <source>Choose a file or a range</source>
            <translation>Hãy chọn tệp hoặc dãy kệ</translation>
        </message>
    </context>
</TS>
