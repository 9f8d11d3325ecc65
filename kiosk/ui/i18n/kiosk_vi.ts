<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="vi" sourcelanguage="en">
    <context>
        <name>AccountScreen</name>
        <message>
            <location filename="../screens/account.py" line="42" />
            <source>My account</source>
            <translation>Tài khoản của tôi</translation>
        </message>
        <message>
            <location filename="../screens/account.py" line="48" />
            <source>Fees owed: %1</source>
            <translation>Phí còn nợ: %1</translation>
        </message>
        <message>
            <location filename="../screens/account.py" line="48" />
            <source>No fees owed.</source>
            <translation>Không có phí còn nợ.</translation>
        </message>
        <message numerus="yes">
            <location filename="../screens/account.py" line="52" />
            <source>On loan (%n)</source>
            <translation>
                <numerusform>Đang mượn (%n)</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../screens/account.py" line="57" />
            <source>due %1</source>
            <translation>hạn trả %1</translation>
        </message>
        <message>
            <location filename="../screens/account.py" line="59" />
            <source>Overdue</source>
            <translation>Quá hạn</translation>
        </message>
        <message>
            <location filename="../screens/account.py" line="64" />
            <source>Renew</source>
            <translation>Gia hạn</translation>
        </message>
        <message>
            <location filename="../screens/account.py" line="97" />
            <source>No renewals left</source>
            <translation>Đã hết lượt gia hạn</translation>
        </message>
        <message>
            <location filename="../screens/account.py" line="99" />
            <source>Reserved by another reader: cannot be renewed</source>
            <translation>Có người khác đặt trước: không thể gia hạn</translation>
        </message>
        <message>
            <location filename="../screens/account.py" line="101" />
            <source>Just borrowed: renewing now would not change the due date</source>
            <translation>Vừa mượn: gia hạn lúc này không làm thay đổi ngày hết hạn</translation>
        </message>
        <message>
            <location filename="../screens/account.py" line="102" />
            <source>Cannot be renewed: please ask at the desk</source>
            <translation>Không thể gia hạn: vui lòng hỏi quầy</translation>
        </message>
        <message numerus="yes">
            <location filename="../screens/account.py" line="71" />
            <source>Reserved items ready (%n)</source>
            <translation>
                <numerusform>Sách đặt trước đã sẵn sàng (%n)</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../screens/account.py" line="76" />
            <source>Ready at %1</source>
            <translation>Sẵn sàng tại %1</translation>
        </message>
        <message>
            <location filename="../screens/account.py" line="78" />
            <source>until %1</source>
            <translation>đến %1</translation>
        </message>
        <message>
            <location filename="../screens/account.py" line="81" />
            <source>Waiting</source>
            <translation>Đang chờ</translation>
        </message>
        <message>
            <location filename="../screens/account.py" line="82" />
            <source>Renew all</source>
            <translation>Gia hạn tất cả</translation>
        </message>
        <message>
            <location filename="../screens/account.py" line="85" />
            <source>Collect reserved items</source>
            <translation>Nhận sách đặt trước</translation>
        </message>
        <message>
            <location filename="../screens/account.py" line="87" />
            <source>Return items</source>
            <translation>Trả sách</translation>
        </message>
        <message>
            <location filename="../screens/account.py" line="89" />
            <source>FastBook: choose your books</source>
            <translation>FastBook: chọn sách</translation>
        </message>
        <message>
            <location filename="../screens/account.py" line="91" />
            <source>Borrow</source>
            <translation>Mượn sách</translation>
        </message>
        <message>
            <location filename="../screens/account.py" line="92" />
            <source>Finish</source>
            <translation>Kết thúc</translation>
        </message>
    </context>
    <context>
        <name>Codes</name>
        <message>
            <location filename="../texts.py" line="17" />
            <source>Checking…</source>
            <translation>Đang kiểm tra…</translation>
        </message>
        <message>
            <location filename="../texts.py" line="18" />
            <source>Ready to borrow</source>
            <translation>Có thể mượn</translation>
        </message>
        <message>
            <location filename="../texts.py" line="19" />
            <source>On loan to you: will be renewed</source>
            <translation>Bạn đang mượn tài liệu này: sẽ được gia hạn</translation>
        </message>
        <message>
            <location filename="../texts.py" line="20" />
            <source>The tag could not be read. Please take this item to the desk.</source>
            <translation>Không đọc được thẻ. Vui lòng mang tài liệu này đến quầy.</translation>
        </message>
        <message>
            <location filename="../texts.py" line="21" />
            <source>This item has no library data. Please take it to the desk.</source>
            <translation>Tài liệu này không có dữ liệu thư viện. Vui lòng mang đến quầy.</translation>
        </message>
        <message>
            <location filename="../texts.py" line="22" />
            <source>This item belongs to another library.</source>
            <translation>Tài liệu này thuộc thư viện khác.</translation>
        </message>
        <message>
            <location filename="../texts.py" line="23" />
            <source>For use in the library only.</source>
            <translation>Chỉ đọc tại thư viện.</translation>
        </message>
        <message>
            <location filename="../texts.py" line="24" />
            <source>Part of a set: place every part on the pad.</source>
            <translation>Thuộc một bộ: hãy đặt tất cả các phần lên vùng cảm ứng.</translation>
        </message>
        <message>
            <location filename="../texts.py" line="25" />
            <source>Reserved for another reader.</source>
            <translation>Đã được người khác đặt trước.</translation>
        </message>
        <message>
            <location filename="../texts.py" line="26" />
            <source>On loan to someone else: please return it first.</source>
            <translation>Đang được người khác mượn: vui lòng trả trước.</translation>
        </message>
        <message>
            <location filename="../texts.py" line="27" />
            <source>This item is not on loan.</source>
            <translation>Tài liệu này không được cho mượn.</translation>
        </message>
        <message>
            <location filename="../texts.py" line="28" />
            <source>Unknown item. Please take it to the desk.</source>
            <translation>Không rõ tài liệu. Vui lòng mang đến quầy.</translation>
        </message>
        <message>
            <location filename="../texts.py" line="29" />
            <source>This item cannot be lent here.</source>
            <translation>Không thể mượn tài liệu này tại đây.</translation>
        </message>
        <message>
            <location filename="../texts.py" line="30" />
            <source>A library card is on the pad: please take it off.</source>
            <translation>Có thẻ thư viện trên vùng cảm ứng: vui lòng lấy ra.</translation>
        </message>
        <message>
            <location filename="../texts.py" line="31" />
            <location filename="../texts.py" line="51" />
            <source>Done</source>
            <translation>Xong</translation>
        </message>
        <message>
            <location filename="../texts.py" line="32" />
            <location filename="../texts.py" line="56" />
            <source>Not done: please see staff</source>
            <translation>Chưa xong: vui lòng gặp nhân viên</translation>
        </message>
        <message>
            <location filename="../texts.py" line="36" />
            <source>We could not find this card. Please check the number or ask at the desk.</source>
            <translation>Không tìm thấy thẻ này. Vui lòng kiểm tra số thẻ hoặc hỏi quầy.</translation>
        </message>
        <message>
            <location filename="../texts.py" line="37" />
            <source>The PIN is not correct. Please try again.</source>
            <translation>Mã PIN không đúng. Vui lòng thử lại.</translation>
        </message>
        <message>
            <location filename="../texts.py" line="38" />
            <source>Too many wrong PINs. Please ask at the desk.</source>
            <translation>Nhập sai PIN quá nhiều lần. Vui lòng hỏi quầy.</translation>
        </message>
        <message>
            <location filename="../texts.py" line="39" />
            <source>Your card is blocked. Please ask at the desk.</source>
            <translation>Thẻ của bạn bị khóa. Vui lòng hỏi quầy.</translation>
        </message>
        <message>
            <location filename="../texts.py" line="40" />
            <source>Your card has expired. Please renew it at the desk.</source>
            <translation>Thẻ của bạn đã hết hạn. Vui lòng gia hạn tại quầy.</translation>
        </message>
        <message>
            <location filename="../texts.py" line="41" />
            <source>You have fees to pay before borrowing.</source>
            <translation>Bạn cần đóng phí trước khi mượn.</translation>
        </message>
        <message>
            <location filename="../texts.py" line="42" />
            <source>You have overdue items. Please return them first.</source>
            <translation>Bạn có tài liệu quá hạn. Vui lòng trả trước.</translation>
        </message>
        <message>
            <location filename="../texts.py" line="43" />
            <source>This card was reported lost. Please ask at the desk.</source>
            <translation>Thẻ này đã được báo mất. Vui lòng hỏi quầy.</translation>
        </message>
        <message>
            <location filename="../texts.py" line="44" />
            <source>The library system cannot be reached right now. Please ask at the desk.</source>
            <translation>Hiện không kết nối được hệ thống thư viện. Vui lòng hỏi quầy.</translation>
        </message>
        <message>
            <location filename="../texts.py" line="45" />
            <source>The card could not be read. Please try again.</source>
            <translation>Không đọc được thẻ. Vui lòng thử lại.</translation>
        </message>
        <message>
            <location filename="../texts.py" line="46" />
            <source>Staff credentials were not accepted.</source>
            <translation>Thông tin nhân viên không được chấp nhận.</translation>
        </message>
        <message>
            <location filename="../texts.py" line="47" />
            <location filename="../texts.py" line="113" />
            <source>Please ask at the desk.</source>
            <translation>Vui lòng hỏi quầy.</translation>
        </message>
        <message>
            <location filename="../texts.py" line="52" />
            <source>Refused</source>
            <translation>Bị từ chối</translation>
        </message>
        <message>
            <location filename="../texts.py" line="53" />
            <source>Recorded, but the security tag could not be set: please see staff</source>
            <translation>Đã ghi nhận nhưng không cài được tem an ninh: vui lòng gặp nhân viên</translation>
        </message>
        <message>
            <location filename="../texts.py" line="54" />
            <source>Not lent: the security tag could not be changed</source>
            <translation>Chưa cho mượn: không đổi được tem an ninh</translation>
        </message>
        <message>
            <location filename="../texts.py" line="55" />
            <source>Lifted too soon: not done. Place it again.</source>
            <translation>Nhấc lên quá sớm: chưa xong. Hãy đặt lại.</translation>
        </message>
        <message>
            <location filename="../texts.py" line="60" />
            <location filename="../texts.py" line="101" />
            <source>Borrowed</source>
            <translation>Đã mượn</translation>
        </message>
        <message>
            <location filename="../texts.py" line="61" />
            <source>Renewed</source>
            <translation>Đã gia hạn</translation>
        </message>
        <message>
            <location filename="../texts.py" line="62" />
            <source>Returned</source>
            <translation>Đã trả</translation>
        </message>
        <message>
            <location filename="../texts.py" line="63" />
            <source>Reserved item collected</source>
            <translation>Đã nhận sách đặt trước</translation>
        </message>
        <message>
            <location filename="../texts.py" line="64" />
            <source>Dispensed and borrowed</source>
            <translation>Đã lấy sách và mượn</translation>
        </message>
        <message>
            <location filename="../texts.py" line="68" />
            <source>Put it in the return bin</source>
            <translation>Hãy bỏ vào thùng trả sách</translation>
        </message>
        <message>
            <location filename="../texts.py" line="69" />
            <source>Reserved for another reader: put it in the holds bin</source>
            <translation>Đã có người đặt trước: hãy bỏ vào thùng sách đặt trước</translation>
        </message>
        <message>
            <location filename="../texts.py" line="70" />
            <source>Belongs to another branch: put it in the transit bin</source>
            <translation>Thuộc chi nhánh khác: hãy bỏ vào thùng luân chuyển</translation>
        </message>
        <message>
            <location filename="../texts.py" line="71" />
            <source>Please hand it to staff</source>
            <translation>Vui lòng đưa cho nhân viên</translation>
        </message>
        <message>
            <location filename="../texts.py" line="75" />
            <source>Place your items on the pad.</source>
            <translation>Hãy đặt tài liệu lên vùng cảm ứng.</translation>
        </message>
        <message>
            <location filename="../texts.py" line="76" />
            <source>You have reached your loan limit.</source>
            <translation>Bạn đã mượn đủ số lượng tối đa.</translation>
        </message>
        <message>
            <location filename="../texts.py" line="77" />
            <source>There is nothing to borrow yet.</source>
            <translation>Chưa có tài liệu nào để mượn.</translation>
        </message>
        <message>
            <location filename="../texts.py" line="78" />
            <source>Working offline: your loans will be sent to the library system later.</source>
            <translation>Đang ngoại tuyến: lượt mượn sẽ được gửi về hệ thống thư viện sau.</translation>
        </message>
        <message>
            <location filename="../texts.py" line="79" />
            <source>Thank you for your feedback!</source>
            <translation>Cảm ơn bạn đã góp ý!</translation>
        </message>
        <message>
            <location filename="../texts.py" line="80" />
            <source>Synchronisation started.</source>
            <translation>Đã bắt đầu đồng bộ.</translation>
        </message>
        <message>
            <location filename="../texts.py" line="81" />
            <source>The session was cleared.</source>
            <translation>Phiên đã được xóa.</translation>
        </message>
        <message>
            <location filename="../texts.py" line="82" />
            <source>That is not possible right now.</source>
            <translation>Hiện không thể thực hiện.</translation>
        </message>
        <message>
            <location filename="../texts.py" line="83" />
            <source>The receipt could not be printed.</source>
            <translation>Không in được biên nhận.</translation>
        </message>
        <message>
            <location filename="../texts.py" line="84" />
            <source>Please see staff.</source>
            <translation>Vui lòng gặp nhân viên.</translation>
        </message>
        <message>
            <location filename="../texts.py" line="85" />
            <source>You have used this station's quota.</source>
            <translation>Bạn đã dùng hết hạn mức tại trạm này.</translation>
        </message>
        <message>
            <location filename="../texts.py" line="86" />
            <source>Pickup is not open at this time.</source>
            <translation>Hiện chưa đến giờ nhận sách.</translation>
        </message>
        <message>
            <location filename="../texts.py" line="90" />
            <source>The item pad is not working.</source>
            <translation>Vùng cảm ứng tài liệu không hoạt động.</translation>
        </message>
        <message>
            <location filename="../texts.py" line="99" />
            <source>Fetching your book…</source>
            <translation>Đang lấy sách cho bạn…</translation>
        </message>
        <message>
            <location filename="../texts.py" line="100" />
            <source>Please take your book from the slot.</source>
            <translation>Vui lòng lấy sách ở khe ra sách.</translation>
        </message>
        <message>
            <location filename="../texts.py" line="91" />
            <source>The card reader is not working.</source>
            <translation>Đầu đọc thẻ không hoạt động.</translation>
        </message>
        <message>
            <location filename="../texts.py" line="92" />
            <source>The station cannot save transactions.</source>
            <translation>Trạm không thể lưu giao dịch.</translation>
        </message>
        <message>
            <location filename="../texts.py" line="93" />
            <source>The receipt printer is not working.</source>
            <translation>Máy in biên nhận không hoạt động.</translation>
        </message>
        <message>
            <location filename="../texts.py" line="94" />
            <source>The dispenser is not working.</source>
            <translation>Bộ phận lấy sách không hoạt động.</translation>
        </message>
        <message>
            <location filename="../texts.py" line="95" />
            <source>The station has a technical problem.</source>
            <translation>Trạm đang gặp sự cố kỹ thuật.</translation>
        </message>
        <message>
            <location filename="../texts.py" line="102" />
            <source>Could not dispense: please see staff</source>
            <translation>Không lấy được sách: vui lòng gặp nhân viên</translation>
        </message>
        <message>
            <location filename="../texts.py" line="106" />
            <source>Goodbye!</source>
            <translation>Tạm biệt!</translation>
        </message>
        <message>
            <location filename="../texts.py" line="107" />
            <source>The session ended because nothing happened for a while.</source>
            <translation>Phiên đã kết thúc vì không có thao tác trong một lúc.</translation>
        </message>
        <message>
            <location filename="../texts.py" line="108" />
            <source>Card removed: the session has ended.</source>
            <translation>Đã rút thẻ: phiên đã kết thúc.</translation>
        </message>
        <message>
            <location filename="../texts.py" line="109" />
            <source>The session was ended by staff.</source>
            <translation>Nhân viên đã kết thúc phiên.</translation>
        </message>
        <message>
            <location filename="../texts.py" line="110" />
            <source>The session ended because of an error.</source>
            <translation>Phiên đã kết thúc do có lỗi.</translation>
        </message>
        <message>
            <location filename="../texts.py" line="76" />
            <source>Not renewed: renewing now would not change the due date</source>
            <translation>Chưa gia hạn: gia hạn lúc này không làm thay đổi ngày hết hạn</translation>
        </message>
        <message>
            <location filename="../texts.py" line="77" />
            <source>Not renewed: no renewals left</source>
            <translation>Chưa gia hạn: đã hết lượt gia hạn</translation>
        </message>
        <message>
            <location filename="../texts.py" line="79" />
            <source>Waiting at another branch: collect it there</source>
            <translation>Đang chờ ở chi nhánh khác: vui lòng nhận tại đó</translation>
        </message>
    </context>
    <context>
        <name>ConfirmScreen</name>
        <message>
            <location filename="../screens/stack.py" line="173" />
            <source>Please confirm</source>
            <translation>Vui lòng xác nhận</translation>
        </message>
        <message numerus="yes">
            <location filename="../screens/stack.py" line="174" />
            <source>You are borrowing %n item(s):</source>
            <translation>
                <numerusform>Bạn sắp mượn %n tài liệu:</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../screens/stack.py" line="176" />
            <source>Back</source>
            <translation>Quay lại</translation>
        </message>
        <message>
            <location filename="../screens/stack.py" line="177" />
            <source>Confirm</source>
            <translation>Xác nhận</translation>
        </message>
    </context>
    <context>
        <name>DispenseScreen</name>
        <message>
            <location filename="../screens/fastbook.py" line="96" />
            <source>Dispensing</source>
            <translation>Đang lấy sách</translation>
        </message>
        <message>
            <location filename="../screens/fastbook.py" line="101" />
            <source>Please wait while FastBook fetches your books.</source>
            <translation>Vui lòng chờ trong khi FastBook lấy sách cho bạn.</translation>
        </message>
    </context>
    <context>
        <name>DoneScreen</name>
        <message>
            <location filename="../screens/stack.py" line="258" />
            <source>Some items need attention</source>
            <translation>Một số tài liệu cần chú ý</translation>
        </message>
        <message>
            <location filename="../screens/stack.py" line="258" />
            <source>All done</source>
            <translation>Đã xong</translation>
        </message>
        <message numerus="yes">
            <location filename="../screens/stack.py" line="260" />
            <source>%n item(s) done.</source>
            <translation>
                <numerusform>Đã xong %n tài liệu.</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <location filename="../screens/stack.py" line="261" />
            <source>%n item(s) not done: please see staff.</source>
            <translation>
                <numerusform>%n tài liệu chưa xong: vui lòng gặp nhân viên.</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../screens/stack.py" line="291" />
            <source>due %1</source>
            <translation>hạn trả %1</translation>
        </message>
        <message>
            <location filename="../screens/stack.py" line="294" />
            <source>Renewed, but the due date stays the same</source>
            <translation>Đã gia hạn, nhưng hạn trả không đổi</translation>
        </message>
        <message>
            <location filename="../screens/stack.py" line="303" />
            <source>Please take your items and your library card.</source>
            <translation>Vui lòng mang theo tài liệu và thẻ thư viện của bạn.</translation>
        </message>
        <message>
            <location filename="../screens/stack.py" line="305" />
            <source>Please take your items.</source>
            <translation>Vui lòng mang theo tài liệu của bạn.</translation>
        </message>
        <message>
            <location filename="../screens/stack.py" line="307" />
            <source>Please take your library card.</source>
            <translation>Vui lòng lấy lại thẻ thư viện của bạn.</translation>
        </message>
        <message>
            <location filename="../screens/stack.py" line="271" />
            <source>Receipt printed. Please take it.</source>
            <translation>Đã in biên nhận. Vui lòng lấy.</translation>
        </message>
        <message>
            <location filename="../screens/stack.py" line="277" />
            <source>How was it?</source>
            <translation>Bạn thấy thế nào?</translation>
        </message>
        <message>
            <location filename="../screens/stack.py" line="278" />
            <source>Print receipt</source>
            <translation>In biên nhận</translation>
        </message>
        <message>
            <location filename="../screens/stack.py" line="281" />
            <source>Borrow more</source>
            <translation>Mượn thêm</translation>
        </message>
        <message>
            <location filename="../screens/stack.py" line="283" />
            <source>Finish</source>
            <translation>Kết thúc</translation>
        </message>
    </context>
    <context>
        <name>ErrorScreen</name>
        <message>
            <location filename="../screens/system.py" line="37" />
            <source>Sorry</source>
            <translation>Xin lỗi</translation>
        </message>
        <message>
            <location filename="../screens/system.py" line="45" />
            <source>OK</source>
            <translation>Đồng ý</translation>
        </message>
    </context>
    <context>
        <name>FastBookScreen</name>
        <message>
            <location filename="../screens/fastbook.py" line="47" />
            <source>FastBook: choose your books</source>
            <translation>FastBook: chọn sách</translation>
        </message>
        <message>
            <location filename="../screens/fastbook.py" line="48" />
            <source>Touch a book to select it.</source>
            <translation>Chạm vào sách để chọn.</translation>
        </message>
        <message numerus="yes">
            <location filename="../screens/fastbook.py" line="50" />
            <source>You can take %n more here today.</source>
            <translation>
                <numerusform>Hôm nay bạn còn có thể lấy %n cuốn tại đây.</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../screens/fastbook.py" line="67" />
            <source>Reserved for you</source>
            <translation>Đặt trước cho bạn</translation>
        </message>
        <message>
            <location filename="../screens/fastbook.py" line="68" />
            <source>Slot %1</source>
            <translation>Ngăn %1</translation>
        </message>
        <message>
            <location filename="../screens/fastbook.py" line="68" />
            <source>Not available</source>
            <translation>Không có sẵn</translation>
        </message>
        <message numerus="yes">
            <location filename="../screens/fastbook.py" line="77" />
            <source>Dispense %n book(s)</source>
            <translation>
                <numerusform>Lấy %n cuốn sách</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../screens/fastbook.py" line="79" />
            <source>Finish</source>
            <translation>Kết thúc</translation>
        </message>
    </context>
    <context>
        <name>HoldsScreen</name>
        <message>
            <location filename="../screens/account.py" line="128" />
            <source>Collect your reserved items</source>
            <translation>Nhận sách đặt trước</translation>
        </message>
        <message numerus="yes">
            <location filename="../screens/account.py" line="129" />
            <source>%n item(s) waiting for you.</source>
            <translation>
                <numerusform>Có %n tài liệu đang chờ bạn.</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../screens/account.py" line="129" />
            <source>Nothing is waiting for you yet.</source>
            <translation>Hiện chưa có gì đang chờ bạn.</translation>
        </message>
        <message numerus="yes">
            <location filename="../screens/account.py" line="131" />
            <source>You can take %n more here today.</source>
            <translation>
                <numerusform>Hôm nay bạn còn có thể nhận %n tài liệu tại đây.</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../screens/account.py" line="147" />
            <source>Waiting for you at %1: collect it there</source>
            <translation>Đang chờ bạn tại %1: hãy nhận ở đó</translation>
        </message>
        <message>
            <location filename="../screens/account.py" line="159" />
            <source>In FastBook slot %1</source>
            <translation>Ở ngăn FastBook số %1</translation>
        </message>
        <message>
            <location filename="../screens/account.py" line="161" />
            <source>On the holds shelf: place it on the pad</source>
            <translation>Trên kệ sách đặt trước: hãy đặt lên vùng cảm ứng</translation>
        </message>
        <message>
            <location filename="../screens/account.py" line="162" />
            <source>Ready at %1</source>
            <translation>Sẵn sàng tại %1</translation>
        </message>
        <message>
            <location filename="../screens/account.py" line="144" />
            <source>Collect</source>
            <translation>Nhận</translation>
        </message>
        <message>
            <location filename="../screens/account.py" line="151" />
            <source>Waiting</source>
            <translation>Đang chờ</translation>
        </message>
        <message>
            <location filename="../screens/account.py" line="152" />
            <source>Back</source>
            <translation>Quay lại</translation>
        </message>
        <message>
            <location filename="../screens/account.py" line="153" />
            <source>Collect all</source>
            <translation>Nhận tất cả</translation>
        </message>
    </context>
    <context>
        <name>IdentifyScreen</name>
        <message>
            <location filename="../screens/identify.py" line="79" />
            <source>That is not a card number. Please try again.</source>
            <translation>Đây không phải số thẻ. Vui lòng thử lại.</translation>
        </message>
        <message>
            <location filename="../screens/identify.py" line="92" />
            <source>Checking your card…</source>
            <translation>Đang kiểm tra thẻ của bạn…</translation>
        </message>
        <message>
            <location filename="../screens/identify.py" line="92" />
            <source>Type your card number</source>
            <translation>Nhập số thẻ của bạn</translation>
        </message>
        <message>
            <location filename="../screens/identify.py" line="93" />
            <source>One moment, please.</source>
            <translation>Vui lòng chờ một chút.</translation>
        </message>
        <message>
            <location filename="../screens/identify.py" line="93" />
            <source>The number is on the back of your card.</source>
            <translation>Số thẻ in ở mặt sau thẻ.</translation>
        </message>
        <message>
            <location filename="../screens/identify.py" line="97" />
            <source>Cancel</source>
            <translation>Hủy</translation>
        </message>
    </context>
    <context>
        <name>IdleOverlay</name>
        <message>
            <location filename="../app.py" line="168" />
            <source>Are you still there?</source>
            <translation>Bạn vẫn còn ở đây chứ?</translation>
        </message>
        <message numerus="yes">
            <location filename="../app.py" line="169" />
            <source>Your session ends in %n second(s).</source>
            <translation>
                <numerusform>Phiên sẽ kết thúc sau %n giây.</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../app.py" line="170" />
            <source>I need more time</source>
            <translation>Tôi cần thêm thời gian</translation>
        </message>
    </context>
    <context>
        <name>IdleScreen</name>
        <message>
            <location filename="../screens/identify.py" line="35" />
            <source>Welcome to the library</source>
            <translation>Chào mừng đến thư viện</translation>
        </message>
        <message>
            <location filename="../screens/identify.py" line="38" />
            <source>Place the items you are returning on the pad</source>
            <translation>Hãy đặt tài liệu cần trả lên vùng cảm ứng</translation>
        </message>
        <message>
            <location filename="../screens/identify.py" line="39" />
            <source>One pile at a time. No card needed.</source>
            <translation>Mỗi lần một chồng. Không cần thẻ.</translation>
        </message>
        <message>
            <location filename="../screens/identify.py" line="41" />
            <source>Place your library card on the reader to borrow from FastBook</source>
            <translation>Đặt thẻ thư viện lên đầu đọc để mượn từ FastBook</translation>
        </message>
        <message>
            <location filename="../screens/identify.py" line="42" />
            <location filename="../screens/identify.py" line="45" />
            <source>Or type your card number.</source>
            <translation>Hoặc nhập số thẻ.</translation>
        </message>
        <message>
            <location filename="../screens/identify.py" line="44" />
            <source>Place your library card on the reader to collect your reserved items</source>
            <translation>Đặt thẻ thư viện lên đầu đọc để nhận sách đặt trước</translation>
        </message>
        <message>
            <location filename="../screens/identify.py" line="47" />
            <source>Place your library card on the reader, or scan its barcode</source>
            <translation>Đặt thẻ thư viện lên đầu đọc hoặc quét mã vạch</translation>
        </message>
        <message>
            <location filename="../screens/identify.py" line="48" />
            <source>Then place your items on the pad.</source>
            <translation>Sau đó đặt tài liệu lên vùng cảm ứng.</translation>
        </message>
        <message>
            <location filename="../screens/identify.py" line="49" />
            <source>Type card number</source>
            <translation>Nhập số thẻ</translation>
        </message>
        <message>
            <location filename="../screens/identify.py" line="51" />
            <source>Return items</source>
            <translation>Trả sách</translation>
        </message>
    </context>
    <context>
        <name>ItemRows</name>
        <message>
            <location filename="../screens/stack.py" line="26" />
            <source>Unknown item</source>
            <translation>Tài liệu không rõ</translation>
        </message>
        <message>
            <location filename="../screens/stack.py" line="28" />
            <source>(%1 of %2 parts on the pad)</source>
            <translation>(%1/%2 phần trên vùng cảm ứng)</translation>
        </message>
        <message>
            <location filename="../screens/stack.py" line="39" />
            <location filename="../screens/stack.py" line="55" />
            <location filename="../screens/stack.py" line="60" />
            <source>due %1</source>
            <translation>hạn trả %1</translation>
        </message>
        <message>
            <location filename="../screens/stack.py" line="48" />
            <source>Ready to return</source>
            <translation>Có thể trả</translation>
        </message>
        <message>
            <location filename="../screens/stack.py" line="50" />
            <source>Ready to borrow · due %1</source>
            <translation>Có thể mượn · hạn trả %1</translation>
        </message>
    </context>
    <context>
        <name>KioskWindow</name>
        <message>
            <location filename="../app.py" line="276" />
            <source>Offline</source>
            <translation>Ngoại tuyến</translation>
        </message>
        <message>
            <location filename="../app.py" line="278" />
            <source>Large text</source>
            <translation>Chữ lớn</translation>
        </message>
        <message>
            <location filename="../app.py" line="279" />
            <source>Speech</source>
            <translation>Giọng nói</translation>
        </message>
    </context>
    <context>
        <name>OnScreenKeyboard</name>
        <message>
            <location filename="../widgets.py" line="247" />
            <source>OK</source>
            <translation>Đồng ý</translation>
        </message>
    </context>
    <context>
        <name>OutOfOrderScreen</name>
        <message>
            <location filename="../screens/system.py" line="67" />
            <source>Out of order</source>
            <translation>Tạm ngưng hoạt động</translation>
        </message>
        <message>
            <location filename="../screens/system.py" line="70" />
            <source>Sorry for the trouble. Please use another station or ask at the desk.</source>
            <translation>Xin lỗi vì sự bất tiện. Vui lòng dùng trạm khác hoặc hỏi quầy.</translation>
        </message>
    </context>
    <context>
        <name>PinPad</name>
        <message>
            <location filename="../widgets.py" line="182" />
            <source>OK</source>
            <translation>Đồng ý</translation>
        </message>
    </context>
    <context>
        <name>PinScreen</name>
        <message>
            <location filename="../screens/identify.py" line="126" />
            <source>Enter your PIN</source>
            <translation>Nhập mã PIN</translation>
        </message>
        <message>
            <location filename="../screens/identify.py" line="127" />
            <source>Your PIN is 4 to 12 digits. Shield the keypad with your hand.</source>
            <translation>Mã PIN gồm 4 đến 12 chữ số. Hãy dùng tay che bàn phím.</translation>
        </message>
        <message numerus="yes">
            <location filename="../screens/identify.py" line="130" />
            <source>The PIN is not correct. %n attempt(s) left.</source>
            <translation>
                <numerusform>Mã PIN không đúng. Còn %n lần thử.</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <location filename="../screens/identify.py" line="132" />
            <source>%n attempt(s) left.</source>
            <translation>
                <numerusform>Còn %n lần thử.</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../screens/identify.py" line="136" />
            <source>Cancel</source>
            <translation>Hủy</translation>
        </message>
    </context>
    <context>
        <name>ReturnScreen</name>
        <message>
            <location filename="../screens/stack.py" line="195" />
            <source>Return</source>
            <translation>Trả sách</translation>
        </message>
        <message>
            <location filename="../screens/stack.py" line="196" />
            <source>Borrow</source>
            <translation>Mượn sách</translation>
        </message>
        <message>
            <location filename="../screens/stack.py" line="199" />
            <source>Thank you. Follow the instruction for each item.</source>
            <translation>Cảm ơn bạn. Hãy làm theo hướng dẫn cho từng tài liệu.</translation>
        </message>
        <message>
            <location filename="../screens/stack.py" line="201" />
            <source>Place the items you are returning on the pad</source>
            <translation>Hãy đặt tài liệu cần trả lên vùng cảm ứng</translation>
        </message>
        <message>
            <location filename="../screens/stack.py" line="203" />
            <source>Finish</source>
            <translation>Kết thúc</translation>
        </message>
    </context>
    <context>
        <name>Screen</name>
        <message>
            <location filename="../screens/base.py" line="71" />
            <source>Hello, %1</source>
            <extracomment>a stable name (screenshots, tests, logs)</extracomment>
            <translation>Xin chào, %1</translation>
        </message>
    </context>
    <context>
        <name>StackScreen</name>
        <message>
            <location filename="../screens/stack.py" line="137" />
            <source>Borrow</source>
            <translation>Mượn sách</translation>
        </message>
        <message>
            <location filename="../screens/stack.py" line="139" />
            <source>Working… please leave the items on the pad.</source>
            <translation>Đang xử lý… vui lòng để nguyên tài liệu trên vùng cảm ứng.</translation>
        </message>
        <message>
            <location filename="../screens/stack.py" line="141" />
            <source>Add more items, or lift an item to take it off the list.</source>
            <translation>Thêm tài liệu, hoặc nhấc một tài liệu lên để bỏ khỏi danh sách.</translation>
        </message>
        <message>
            <location filename="../screens/stack.py" line="143" />
            <source>Place your items on the pad. They will appear here.</source>
            <translation>Hãy đặt tài liệu lên vùng cảm ứng. Chúng sẽ hiện ở đây.</translation>
        </message>
        <message numerus="yes">
            <location filename="../screens/stack.py" line="146" />
            <source>Borrow %n item(s)</source>
            <translation>
                <numerusform>Mượn %n tài liệu</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../screens/stack.py" line="148" />
            <source>My account</source>
            <translation>Tài khoản của tôi</translation>
        </message>
        <message>
            <location filename="../screens/stack.py" line="150" />
            <source>Return items</source>
            <translation>Trả sách</translation>
        </message>
        <message>
            <location filename="../screens/stack.py" line="153" />
            <source>Finish</source>
            <translation>Kết thúc</translation>
        </message>
    </context>
    <context>
        <name>Staff</name>
        <message>
            <location filename="../screens/system.py" line="137" />
            <source>never</source>
            <translation>chưa bao giờ</translation>
        </message>
    </context>
    <context>
        <name>StaffLoginScreen</name>
        <message>
            <location filename="../screens/system.py" line="120" />
            <source>Staff sign-in</source>
            <translation>Nhân viên đăng nhập</translation>
        </message>
        <message>
            <location filename="../screens/system.py" line="122" />
            <source>Enter your staff PIN.</source>
            <translation>Nhập mã PIN nhân viên.</translation>
        </message>
        <message>
            <location filename="../screens/system.py" line="122" />
            <source>Place your staff card on the reader or type your staff number.</source>
            <translation>Đặt thẻ nhân viên lên đầu đọc hoặc nhập mã nhân viên.</translation>
        </message>
        <message>
            <location filename="../screens/system.py" line="127" />
            <source>Cancel</source>
            <translation>Hủy</translation>
        </message>
    </context>
    <context>
        <name>StaffScreen</name>
        <message>
            <location filename="../screens/system.py" line="170" />
            <source>Staff mode</source>
            <translation>Chế độ nhân viên</translation>
        </message>
        <message>
            <location filename="../screens/system.py" line="172" />
            <source>Online</source>
            <translation>Trực tuyến</translation>
        </message>
        <message>
            <location filename="../screens/system.py" line="172" />
            <source>Offline</source>
            <translation>Ngoại tuyến</translation>
        </message>
        <message>
            <location filename="../screens/system.py" line="173" />
            <source>last sync %1</source>
            <translation>lần đồng bộ cuối: %1</translation>
        </message>
        <message numerus="yes">
            <location filename="../screens/system.py" line="178" />
            <source>%n transaction(s) waiting to be sent</source>
            <translation>
                <numerusform>%n giao dịch đang chờ gửi</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../screens/system.py" line="180" />
            <source>oldest %1</source>
            <translation>cũ nhất: %1</translation>
        </message>
        <message>
            <location filename="../screens/system.py" line="182" />
            <source>A patron session is open.</source>
            <translation>Đang có phiên của bạn đọc.</translation>
        </message>
        <message>
            <location filename="../screens/system.py" line="182" />
            <source>No patron session.</source>
            <translation>Không có phiên bạn đọc.</translation>
        </message>
        <message>
            <location filename="../screens/system.py" line="188" />
            <source>Working</source>
            <translation>Hoạt động</translation>
        </message>
        <message>
            <location filename="../screens/system.py" line="188" />
            <source>Not working</source>
            <translation>Không hoạt động</translation>
        </message>
        <message>
            <location filename="../screens/system.py" line="190" />
            <source>Refresh</source>
            <translation>Làm mới</translation>
        </message>
        <message>
            <location filename="../screens/system.py" line="191" />
            <source>Force sync</source>
            <translation>Đồng bộ ngay</translation>
        </message>
        <message>
            <location filename="../screens/system.py" line="192" />
            <source>Clear session</source>
            <translation>Xóa phiên</translation>
        </message>
        <message>
            <location filename="../screens/system.py" line="194" />
            <source>Exit to desktop</source>
            <translation>Thoát ra màn hình chính</translation>
        </message>
        <message>
            <location filename="../screens/system.py" line="195" />
            <source>Leave staff mode</source>
            <translation>Thoát chế độ nhân viên</translation>
        </message>
    </context>
    <context>
        <name>Station</name>
        <message>
            <location filename="../app.py" line="80" />
            <source>Self-checkout</source>
            <extracomment>Which screen shows each core state.</extracomment>
            <translation>Tự mượn sách</translation>
        </message>
        <message>
            <location filename="../app.py" line="81" />
            <source>Self-return</source>
            <translation>Tự trả sách</translation>
        </message>
        <message>
            <location filename="../app.py" line="82" />
            <source>Borrow and return</source>
            <translation>Mượn và trả sách</translation>
        </message>
        <message>
            <location filename="../app.py" line="83" />
            <source>Reserved items pickup</source>
            <translation>Nhận sách đặt trước</translation>
        </message>
        <message>
            <location filename="../app.py" line="84" />
            <source>FastBook</source>
            <translation>FastBook</translation>
        </message>
    </context>
</TS>