<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_TW" sourcelanguage="en">
    <context>
        <name>AccountScreen</name>
        <message>
            <location filename="../screens/account.py" line="42" />
            <source>My account</source>
            <translation>我的帳戶</translation>
        </message>
        <message>
            <location filename="../screens/account.py" line="48" />
            <source>Fees owed: %1</source>
            <translation>待繳費用：%1</translation>
        </message>
        <message>
            <location filename="../screens/account.py" line="48" />
            <source>No fees owed.</source>
            <translation>沒有待繳費用。</translation>
        </message>
        <message numerus="yes">
            <location filename="../screens/account.py" line="52" />
            <source>On loan (%n)</source>
            <translation>
                <numerusform>借閱中（%n）</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../screens/account.py" line="57" />
            <source>due %1</source>
            <translation>到期日 %1</translation>
        </message>
        <message>
            <location filename="../screens/account.py" line="59" />
            <source>Overdue</source>
            <translation>已逾期</translation>
        </message>
        <message>
            <location filename="../screens/account.py" line="64" />
            <source>Renew</source>
            <translation>續借</translation>
        </message>
        <message>
            <location filename="../screens/account.py" line="97" />
            <source>No renewals left</source>
            <translation>續借次數已滿</translation>
        </message>
        <message>
            <location filename="../screens/account.py" line="99" />
            <source>Reserved by another reader: cannot be renewed</source>
            <translation>已有他人預約，無法續借</translation>
        </message>
        <message>
            <location filename="../screens/account.py" line="101" />
            <source>Just borrowed: renewing now would not change the due date</source>
            <translation>剛借出，現在續借不會延後到期日</translation>
        </message>
        <message>
            <location filename="../screens/account.py" line="102" />
            <source>Cannot be renewed: please ask at the desk</source>
            <translation>無法續借，請洽服務台</translation>
        </message>
        <message numerus="yes">
            <location filename="../screens/account.py" line="71" />
            <source>Reserved items ready (%n)</source>
            <translation>
                <numerusform>預約書可取（%n）</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../screens/account.py" line="76" />
            <source>Ready at %1</source>
            <translation>可於%1取書</translation>
        </message>
        <message>
            <location filename="../screens/account.py" line="78" />
            <source>until %1</source>
            <translation>保留至 %1</translation>
        </message>
        <message>
            <location filename="../screens/account.py" line="81" />
            <source>Waiting</source>
            <translation>等候中</translation>
        </message>
        <message>
            <location filename="../screens/account.py" line="82" />
            <source>Renew all</source>
            <translation>全部續借</translation>
        </message>
        <message>
            <location filename="../screens/account.py" line="85" />
            <source>Collect reserved items</source>
            <translation>領取預約書</translation>
        </message>
        <message>
            <location filename="../screens/account.py" line="87" />
            <source>Return items</source>
            <translation>還書</translation>
        </message>
        <message>
            <location filename="../screens/account.py" line="89" />
            <source>FastBook: choose your books</source>
            <translation>智慧借書站：請選書</translation>
        </message>
        <message>
            <location filename="../screens/account.py" line="91" />
            <source>Borrow</source>
            <translation>借書</translation>
        </message>
        <message>
            <location filename="../screens/account.py" line="92" />
            <source>Finish</source>
            <translation>結束</translation>
        </message>
    </context>
    <context>
        <name>Codes</name>
        <message>
            <location filename="../texts.py" line="17" />
            <source>Checking…</source>
            <translation>查詢中…</translation>
        </message>
        <message>
            <location filename="../texts.py" line="18" />
            <source>Ready to borrow</source>
            <translation>可以借閱</translation>
        </message>
        <message>
            <location filename="../texts.py" line="19" />
            <source>On loan to you: will be renewed</source>
            <translation>您正在借閱此資料：將為您續借</translation>
        </message>
        <message>
            <location filename="../texts.py" line="20" />
            <source>The tag could not be read. Please take this item to the desk.</source>
            <translation>無法讀取標籤，請將此資料送至服務台。</translation>
        </message>
        <message>
            <location filename="../texts.py" line="21" />
            <source>This item has no library data. Please take it to the desk.</source>
            <translation>此資料沒有館藏資料，請送至服務台。</translation>
        </message>
        <message>
            <location filename="../texts.py" line="22" />
            <source>This item belongs to another library.</source>
            <translation>此資料屬於其他圖書館。</translation>
        </message>
        <message>
            <location filename="../texts.py" line="23" />
            <source>For use in the library only.</source>
            <translation>限館內閱覽。</translation>
        </message>
        <message>
            <location filename="../texts.py" line="24" />
            <source>Part of a set: place every part on the pad.</source>
            <translation>此為套書（件），請將所有分件放在感應區。</translation>
        </message>
        <message>
            <location filename="../texts.py" line="25" />
            <source>Reserved for another reader.</source>
            <translation>已被其他讀者預約。</translation>
        </message>
        <message>
            <location filename="../texts.py" line="26" />
            <source>On loan to someone else: please return it first.</source>
            <translation>此資料由他人借閱中，請先辦理還書。</translation>
        </message>
        <message>
            <location filename="../texts.py" line="27" />
            <source>This item is not on loan.</source>
            <translation>此資料未被借出。</translation>
        </message>
        <message>
            <location filename="../texts.py" line="28" />
            <source>Unknown item. Please take it to the desk.</source>
            <translation>查無此資料，請送至服務台。</translation>
        </message>
        <message>
            <location filename="../texts.py" line="29" />
            <source>This item cannot be lent here.</source>
            <translation>此資料無法在此借閱。</translation>
        </message>
        <message>
            <location filename="../texts.py" line="30" />
            <source>A library card is on the pad: please take it off.</source>
            <translation>感應區上有借書證，請將它拿開。</translation>
        </message>
        <message>
            <location filename="../texts.py" line="31" />
            <location filename="../texts.py" line="51" />
            <source>Done</source>
            <translation>完成</translation>
        </message>
        <message>
            <location filename="../texts.py" line="32" />
            <location filename="../texts.py" line="56" />
            <source>Not done: please see staff</source>
            <translation>未完成：請洽館員</translation>
        </message>
        <message>
            <location filename="../texts.py" line="36" />
            <source>We could not find this card. Please check the number or ask at the desk.</source>
            <translation>查無此借書證，請確認號碼或洽服務台。</translation>
        </message>
        <message>
            <location filename="../texts.py" line="37" />
            <source>The PIN is not correct. Please try again.</source>
            <translation>密碼錯誤，請再試一次。</translation>
        </message>
        <message>
            <location filename="../texts.py" line="38" />
            <source>Too many wrong PINs. Please ask at the desk.</source>
            <translation>密碼錯誤次數過多，請洽服務台。</translation>
        </message>
        <message>
            <location filename="../texts.py" line="39" />
            <source>Your card is blocked. Please ask at the desk.</source>
            <translation>您的借書證已停權，請洽服務台。</translation>
        </message>
        <message>
            <location filename="../texts.py" line="40" />
            <source>Your card has expired. Please renew it at the desk.</source>
            <translation>您的借書證已過期，請至服務台辦理展期。</translation>
        </message>
        <message>
            <location filename="../texts.py" line="41" />
            <source>You have fees to pay before borrowing.</source>
            <translation>您有未繳費用，繳清後才能借書。</translation>
        </message>
        <message>
            <location filename="../texts.py" line="42" />
            <source>You have overdue items. Please return them first.</source>
            <translation>您有逾期資料，請先歸還。</translation>
        </message>
        <message>
            <location filename="../texts.py" line="43" />
            <source>This card was reported lost. Please ask at the desk.</source>
            <translation>此借書證已掛失，請洽服務台。</translation>
        </message>
        <message>
            <location filename="../texts.py" line="44" />
            <source>The library system cannot be reached right now. Please ask at the desk.</source>
            <translation>目前無法連線圖書館系統，請洽服務台。</translation>
        </message>
        <message>
            <location filename="../texts.py" line="45" />
            <source>The card could not be read. Please try again.</source>
            <translation>無法讀取借書證，請再試一次。</translation>
        </message>
        <message>
            <location filename="../texts.py" line="46" />
            <source>Staff credentials were not accepted.</source>
            <translation>館員身分驗證失敗。</translation>
        </message>
        <message>
            <location filename="../texts.py" line="47" />
            <location filename="../texts.py" line="113" />
            <source>Please ask at the desk.</source>
            <translation>請洽服務台。</translation>
        </message>
        <message>
            <location filename="../texts.py" line="52" />
            <source>Refused</source>
            <translation>未受理</translation>
        </message>
        <message>
            <location filename="../texts.py" line="53" />
            <source>Recorded, but the security tag could not be set: please see staff</source>
            <translation>已記錄，但防盜設定失敗：請洽館員</translation>
        </message>
        <message>
            <location filename="../texts.py" line="54" />
            <source>Not lent: the security tag could not be changed</source>
            <translation>未借出：無法變更防盜設定</translation>
        </message>
        <message>
            <location filename="../texts.py" line="55" />
            <source>Lifted too soon: not done. Place it again.</source>
            <translation>太早拿起：未完成，請重新放上。</translation>
        </message>
        <message>
            <location filename="../texts.py" line="60" />
            <location filename="../texts.py" line="101" />
            <source>Borrowed</source>
            <translation>已借出</translation>
        </message>
        <message>
            <location filename="../texts.py" line="61" />
            <source>Renewed</source>
            <translation>已續借</translation>
        </message>
        <message>
            <location filename="../texts.py" line="62" />
            <source>Returned</source>
            <translation>已歸還</translation>
        </message>
        <message>
            <location filename="../texts.py" line="63" />
            <source>Reserved item collected</source>
            <translation>已領取預約書</translation>
        </message>
        <message>
            <location filename="../texts.py" line="64" />
            <source>Dispensed and borrowed</source>
            <translation>已出書並借出</translation>
        </message>
        <message>
            <location filename="../texts.py" line="68" />
            <source>Put it in the return bin</source>
            <translation>請放入還書箱</translation>
        </message>
        <message>
            <location filename="../texts.py" line="69" />
            <source>Reserved for another reader: put it in the holds bin</source>
            <translation>已有讀者預約：請放入預約書箱</translation>
        </message>
        <message>
            <location filename="../texts.py" line="70" />
            <source>Belongs to another branch: put it in the transit bin</source>
            <translation>屬於其他分館：請放入轉運箱</translation>
        </message>
        <message>
            <location filename="../texts.py" line="71" />
            <source>Please hand it to staff</source>
            <translation>請交給館員</translation>
        </message>
        <message>
            <location filename="../texts.py" line="75" />
            <source>Place your items on the pad.</source>
            <translation>請將資料放在感應區上。</translation>
        </message>
        <message>
            <location filename="../texts.py" line="76" />
            <source>You have reached your loan limit.</source>
            <translation>您已達借閱上限。</translation>
        </message>
        <message>
            <location filename="../texts.py" line="77" />
            <source>There is nothing to borrow yet.</source>
            <translation>目前沒有可借閱的資料。</translation>
        </message>
        <message>
            <location filename="../texts.py" line="78" />
            <source>Working offline: your loans will be sent to the library system later.</source>
            <translation>離線作業中：借閱紀錄稍後會傳送至圖書館系統。</translation>
        </message>
        <message>
            <location filename="../texts.py" line="79" />
            <source>Thank you for your feedback!</source>
            <translation>感謝您的回饋！</translation>
        </message>
        <message>
            <location filename="../texts.py" line="80" />
            <source>Synchronisation started.</source>
            <translation>已開始同步。</translation>
        </message>
        <message>
            <location filename="../texts.py" line="81" />
            <source>The session was cleared.</source>
            <translation>已清除作業。</translation>
        </message>
        <message>
            <location filename="../texts.py" line="82" />
            <source>That is not possible right now.</source>
            <translation>目前無法執行此操作。</translation>
        </message>
        <message>
            <location filename="../texts.py" line="83" />
            <source>The receipt could not be printed.</source>
            <translation>無法列印收據。</translation>
        </message>
        <message>
            <location filename="../texts.py" line="84" />
            <source>Please see staff.</source>
            <translation>請洽館員。</translation>
        </message>
        <message>
            <location filename="../texts.py" line="85" />
            <source>You have used this station's quota.</source>
            <translation>您已用完本站的借閱額度。</translation>
        </message>
        <message>
            <location filename="../texts.py" line="86" />
            <source>Pickup is not open at this time.</source>
            <translation>目前不是取書時段。</translation>
        </message>
        <message>
            <location filename="../texts.py" line="90" />
            <source>The item pad is not working.</source>
            <translation>資料感應區故障。</translation>
        </message>
        <message>
            <location filename="../texts.py" line="99" />
            <source>Fetching your book…</source>
            <translation>正在為您取書…</translation>
        </message>
        <message>
            <location filename="../texts.py" line="100" />
            <source>Please take your book from the slot.</source>
            <translation>請從出書口取書。</translation>
        </message>
        <message>
            <location filename="../texts.py" line="91" />
            <source>The card reader is not working.</source>
            <translation>讀卡機故障。</translation>
        </message>
        <message>
            <location filename="../texts.py" line="92" />
            <source>The station cannot save transactions.</source>
            <translation>本機無法儲存交易紀錄。</translation>
        </message>
        <message>
            <location filename="../texts.py" line="93" />
            <source>The receipt printer is not working.</source>
            <translation>收據印表機故障。</translation>
        </message>
        <message>
            <location filename="../texts.py" line="94" />
            <source>The dispenser is not working.</source>
            <translation>出書機構故障。</translation>
        </message>
        <message>
            <location filename="../texts.py" line="95" />
            <source>The station has a technical problem.</source>
            <translation>本機發生技術問題。</translation>
        </message>
        <message>
            <location filename="../texts.py" line="102" />
            <source>Could not dispense: please see staff</source>
            <translation>出書失敗：請洽館員</translation>
        </message>
        <message>
            <location filename="../texts.py" line="106" />
            <source>Goodbye!</source>
            <translation>謝謝光臨，再見！</translation>
        </message>
        <message>
            <location filename="../texts.py" line="107" />
            <source>The session ended because nothing happened for a while.</source>
            <translation>因一段時間沒有操作，已結束作業。</translation>
        </message>
        <message>
            <location filename="../texts.py" line="108" />
            <source>Card removed: the session has ended.</source>
            <translation>借書證已移開：作業結束。</translation>
        </message>
        <message>
            <location filename="../texts.py" line="109" />
            <source>The session was ended by staff.</source>
            <translation>館員已結束此作業。</translation>
        </message>
        <message>
            <location filename="../texts.py" line="110" />
            <source>The session ended because of an error.</source>
            <translation>因發生錯誤，作業已結束。</translation>
        </message>
        <message>
            <location filename="../texts.py" line="76" />
            <source>Not renewed: renewing now would not change the due date</source>
            <translation>未續借：現在續借不會延後到期日</translation>
        </message>
        <message>
            <location filename="../texts.py" line="77" />
            <source>Not renewed: no renewals left</source>
            <translation>未續借：續借次數已滿</translation>
        </message>
        <message>
            <location filename="../texts.py" line="79" />
            <source>Waiting at another branch: collect it there</source>
            <translation>在其他分館等您：請至該館領取</translation>
        </message>
    </context>
    <context>
        <name>ConfirmScreen</name>
        <message>
            <location filename="../screens/stack.py" line="173" />
            <source>Please confirm</source>
            <translation>請確認</translation>
        </message>
        <message numerus="yes">
            <location filename="../screens/stack.py" line="174" />
            <source>You are borrowing %n item(s):</source>
            <translation>
                <numerusform>您要借閱 %n 件資料：</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../screens/stack.py" line="176" />
            <source>Back</source>
            <translation>返回</translation>
        </message>
        <message>
            <location filename="../screens/stack.py" line="177" />
            <source>Confirm</source>
            <translation>確認</translation>
        </message>
    </context>
    <context>
        <name>DispenseScreen</name>
        <message>
            <location filename="../screens/fastbook.py" line="96" />
            <source>Dispensing</source>
            <translation>出書中</translation>
        </message>
        <message>
            <location filename="../screens/fastbook.py" line="101" />
            <source>Please wait while FastBook fetches your books.</source>
            <translation>請稍候，智慧借書站正在為您取書。</translation>
        </message>
    </context>
    <context>
        <name>DoneScreen</name>
        <message>
            <location filename="../screens/stack.py" line="258" />
            <source>Some items need attention</source>
            <translation>部分資料需要處理</translation>
        </message>
        <message>
            <location filename="../screens/stack.py" line="258" />
            <source>All done</source>
            <translation>全部完成</translation>
        </message>
        <message numerus="yes">
            <location filename="../screens/stack.py" line="260" />
            <source>%n item(s) done.</source>
            <translation>
                <numerusform>已完成 %n 件。</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <location filename="../screens/stack.py" line="261" />
            <source>%n item(s) not done: please see staff.</source>
            <translation>
                <numerusform>%n 件未完成：請洽館員。</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../screens/stack.py" line="291" />
            <source>due %1</source>
            <translation>到期日 %1</translation>
        </message>
        <message>
            <location filename="../screens/stack.py" line="294" />
            <source>Renewed, but the due date stays the same</source>
            <translation>已續借，但到期日未延後</translation>
        </message>
        <message>
            <location filename="../screens/stack.py" line="303" />
            <source>Please take your items and your library card.</source>
            <translation>請取走您的資料和借書證。</translation>
        </message>
        <message>
            <location filename="../screens/stack.py" line="305" />
            <source>Please take your items.</source>
            <translation>請取走您的資料。</translation>
        </message>
        <message>
            <location filename="../screens/stack.py" line="307" />
            <source>Please take your library card.</source>
            <translation>請取回您的借書證。</translation>
        </message>
        <message>
            <location filename="../screens/stack.py" line="271" />
            <source>Receipt printed. Please take it.</source>
            <translation>收據已列印，請取走。</translation>
        </message>
        <message>
            <location filename="../screens/stack.py" line="277" />
            <source>How was it?</source>
            <translation>您滿意這次服務嗎？</translation>
        </message>
        <message>
            <location filename="../screens/stack.py" line="278" />
            <source>Print receipt</source>
            <translation>列印收據</translation>
        </message>
        <message>
            <location filename="../screens/stack.py" line="281" />
            <source>Borrow more</source>
            <translation>繼續借書</translation>
        </message>
        <message>
            <location filename="../screens/stack.py" line="283" />
            <source>Finish</source>
            <translation>結束</translation>
        </message>
    </context>
    <context>
        <name>ErrorScreen</name>
        <message>
            <location filename="../screens/system.py" line="37" />
            <source>Sorry</source>
            <translation>很抱歉</translation>
        </message>
        <message>
            <location filename="../screens/system.py" line="45" />
            <source>OK</source>
            <translation>確定</translation>
        </message>
    </context>
    <context>
        <name>FastBookScreen</name>
        <message>
            <location filename="../screens/fastbook.py" line="47" />
            <source>FastBook: choose your books</source>
            <translation>智慧借書站：請選書</translation>
        </message>
        <message>
            <location filename="../screens/fastbook.py" line="48" />
            <source>Touch a book to select it.</source>
            <translation>點選書籍即可選取。</translation>
        </message>
        <message numerus="yes">
            <location filename="../screens/fastbook.py" line="50" />
            <source>You can take %n more here today.</source>
            <translation>
                <numerusform>今天在此還可借 %n 本。</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../screens/fastbook.py" line="67" />
            <source>Reserved for you</source>
            <translation>您的預約書</translation>
        </message>
        <message>
            <location filename="../screens/fastbook.py" line="68" />
            <source>Slot %1</source>
            <translation>第 %1 格</translation>
        </message>
        <message>
            <location filename="../screens/fastbook.py" line="68" />
            <source>Not available</source>
            <translation>無法借閱</translation>
        </message>
        <message numerus="yes">
            <location filename="../screens/fastbook.py" line="77" />
            <source>Dispense %n book(s)</source>
            <translation>
                <numerusform>取出 %n 本書</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../screens/fastbook.py" line="79" />
            <source>Finish</source>
            <translation>結束</translation>
        </message>
    </context>
    <context>
        <name>HoldsScreen</name>
        <message>
            <location filename="../screens/account.py" line="128" />
            <source>Collect your reserved items</source>
            <translation>領取預約書</translation>
        </message>
        <message numerus="yes">
            <location filename="../screens/account.py" line="129" />
            <source>%n item(s) waiting for you.</source>
            <translation>
                <numerusform>有 %n 件預約書等您領取。</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../screens/account.py" line="129" />
            <source>Nothing is waiting for you yet.</source>
            <translation>目前沒有待領取的預約書。</translation>
        </message>
        <message numerus="yes">
            <location filename="../screens/account.py" line="131" />
            <source>You can take %n more here today.</source>
            <translation>
                <numerusform>今天在此還可領取 %n 件。</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../screens/account.py" line="147" />
            <source>Waiting for you at %1: collect it there</source>
            <translation>保留在%1：請至該館領取</translation>
        </message>
        <message>
            <location filename="../screens/account.py" line="159" />
            <source>In FastBook slot %1</source>
            <translation>在智慧借書站第 %1 格</translation>
        </message>
        <message>
            <location filename="../screens/account.py" line="161" />
            <source>On the holds shelf: place it on the pad</source>
            <translation>在預約書架上：請取下放在感應區</translation>
        </message>
        <message>
            <location filename="../screens/account.py" line="162" />
            <source>Ready at %1</source>
            <translation>可於%1取書</translation>
        </message>
        <message>
            <location filename="../screens/account.py" line="144" />
            <source>Collect</source>
            <translation>領取</translation>
        </message>
        <message>
            <location filename="../screens/account.py" line="151" />
            <source>Waiting</source>
            <translation>等候中</translation>
        </message>
        <message>
            <location filename="../screens/account.py" line="152" />
            <source>Back</source>
            <translation>返回</translation>
        </message>
        <message>
            <location filename="../screens/account.py" line="153" />
            <source>Collect all</source>
            <translation>全部領取</translation>
        </message>
    </context>
    <context>
        <name>IdentifyScreen</name>
        <message>
            <location filename="../screens/identify.py" line="79" />
            <source>That is not a card number. Please try again.</source>
            <translation>這不是有效的借書證號，請再試一次。</translation>
        </message>
        <message>
            <location filename="../screens/identify.py" line="92" />
            <source>Checking your card…</source>
            <translation>正在查詢您的借書證…</translation>
        </message>
        <message>
            <location filename="../screens/identify.py" line="92" />
            <source>Type your card number</source>
            <translation>請輸入借書證號</translation>
        </message>
        <message>
            <location filename="../screens/identify.py" line="93" />
            <source>One moment, please.</source>
            <translation>請稍候。</translation>
        </message>
        <message>
            <location filename="../screens/identify.py" line="93" />
            <source>The number is on the back of your card.</source>
            <translation>號碼印在借書證背面。</translation>
        </message>
        <message>
            <location filename="../screens/identify.py" line="97" />
            <source>Cancel</source>
            <translation>取消</translation>
        </message>
    </context>
    <context>
        <name>IdleOverlay</name>
        <message>
            <location filename="../app.py" line="168" />
            <source>Are you still there?</source>
            <translation>您還在嗎？</translation>
        </message>
        <message numerus="yes">
            <location filename="../app.py" line="169" />
            <source>Your session ends in %n second(s).</source>
            <translation>
                <numerusform>作業將於 %n 秒後結束。</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../app.py" line="170" />
            <source>I need more time</source>
            <translation>我需要更多時間</translation>
        </message>
    </context>
    <context>
        <name>IdleScreen</name>
        <message>
            <location filename="../screens/identify.py" line="35" />
            <source>Welcome to the library</source>
            <translation>歡迎光臨圖書館</translation>
        </message>
        <message>
            <location filename="../screens/identify.py" line="38" />
            <source>Place the items you are returning on the pad</source>
            <translation>請將要歸還的資料放在感應區</translation>
        </message>
        <message>
            <location filename="../screens/identify.py" line="39" />
            <source>One pile at a time. No card needed.</source>
            <translation>一次放一疊，不需借書證。</translation>
        </message>
        <message>
            <location filename="../screens/identify.py" line="41" />
            <source>Place your library card on the reader to borrow from FastBook</source>
            <translation>請將借書證放在讀卡區，從智慧借書站借書</translation>
        </message>
        <message>
            <location filename="../screens/identify.py" line="42" />
            <location filename="../screens/identify.py" line="45" />
            <source>Or type your card number.</source>
            <translation>或輸入借書證號。</translation>
        </message>
        <message>
            <location filename="../screens/identify.py" line="44" />
            <source>Place your library card on the reader to collect your reserved items</source>
            <translation>請將借書證放在讀卡區，領取預約書</translation>
        </message>
        <message>
            <location filename="../screens/identify.py" line="47" />
            <source>Place your library card on the reader, or scan its barcode</source>
            <translation>請將借書證放在讀卡區，或掃描條碼</translation>
        </message>
        <message>
            <location filename="../screens/identify.py" line="48" />
            <source>Then place your items on the pad.</source>
            <translation>再將資料放在感應區。</translation>
        </message>
        <message>
            <location filename="../screens/identify.py" line="49" />
            <source>Type card number</source>
            <translation>輸入借書證號</translation>
        </message>
        <message>
            <location filename="../screens/identify.py" line="51" />
            <source>Return items</source>
            <translation>還書</translation>
        </message>
    </context>
    <context>
        <name>ItemRows</name>
        <message>
            <location filename="../screens/stack.py" line="26" />
            <source>Unknown item</source>
            <translation>未知資料</translation>
        </message>
        <message>
            <location filename="../screens/stack.py" line="28" />
            <source>(%1 of %2 parts on the pad)</source>
            <translation>（感應區上有 %1／%2 件）</translation>
        </message>
        <message>
            <location filename="../screens/stack.py" line="39" />
            <location filename="../screens/stack.py" line="55" />
            <location filename="../screens/stack.py" line="60" />
            <source>due %1</source>
            <translation>到期日 %1</translation>
        </message>
        <message>
            <location filename="../screens/stack.py" line="48" />
            <source>Ready to return</source>
            <translation>可以歸還</translation>
        </message>
        <message>
            <location filename="../screens/stack.py" line="50" />
            <source>Ready to borrow · due %1</source>
            <translation>可以借閱 · 到期日 %1</translation>
        </message>
    </context>
    <context>
        <name>KioskWindow</name>
        <message>
            <location filename="../app.py" line="276" />
            <source>Offline</source>
            <translation>離線</translation>
        </message>
        <message>
            <location filename="../app.py" line="278" />
            <source>Large text</source>
            <translation>大字模式</translation>
        </message>
        <message>
            <location filename="../app.py" line="279" />
            <source>Speech</source>
            <translation>語音</translation>
        </message>
    </context>
    <context>
        <name>OnScreenKeyboard</name>
        <message>
            <location filename="../widgets.py" line="247" />
            <source>OK</source>
            <translation>確定</translation>
        </message>
    </context>
    <context>
        <name>OutOfOrderScreen</name>
        <message>
            <location filename="../screens/system.py" line="67" />
            <source>Out of order</source>
            <translation>暫停服務</translation>
        </message>
        <message>
            <location filename="../screens/system.py" line="70" />
            <source>Sorry for the trouble. Please use another station or ask at the desk.</source>
            <translation>造成不便，敬請見諒。請使用其他機台或洽服務台。</translation>
        </message>
    </context>
    <context>
        <name>PinPad</name>
        <message>
            <location filename="../widgets.py" line="182" />
            <source>OK</source>
            <translation>確定</translation>
        </message>
    </context>
    <context>
        <name>PinScreen</name>
        <message>
            <location filename="../screens/identify.py" line="126" />
            <source>Enter your PIN</source>
            <translation>請輸入密碼</translation>
        </message>
        <message>
            <location filename="../screens/identify.py" line="127" />
            <source>Your PIN is 4 to 12 digits. Shield the keypad with your hand.</source>
            <translation>密碼為 4 至 12 位數字。輸入時請用手遮住鍵盤。</translation>
        </message>
        <message numerus="yes">
            <location filename="../screens/identify.py" line="130" />
            <source>The PIN is not correct. %n attempt(s) left.</source>
            <translation>
                <numerusform>密碼錯誤，還可嘗試 %n 次。</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <location filename="../screens/identify.py" line="132" />
            <source>%n attempt(s) left.</source>
            <translation>
                <numerusform>還可嘗試 %n 次。</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../screens/identify.py" line="136" />
            <source>Cancel</source>
            <translation>取消</translation>
        </message>
    </context>
    <context>
        <name>ReturnScreen</name>
        <message>
            <location filename="../screens/stack.py" line="195" />
            <source>Return</source>
            <translation>還書</translation>
        </message>
        <message>
            <location filename="../screens/stack.py" line="196" />
            <source>Borrow</source>
            <translation>借書</translation>
        </message>
        <message>
            <location filename="../screens/stack.py" line="199" />
            <source>Thank you. Follow the instruction for each item.</source>
            <translation>謝謝您。請依照每件資料的指示放置。</translation>
        </message>
        <message>
            <location filename="../screens/stack.py" line="201" />
            <source>Place the items you are returning on the pad</source>
            <translation>請將要歸還的資料放在感應區</translation>
        </message>
        <message>
            <location filename="../screens/stack.py" line="203" />
            <source>Finish</source>
            <translation>結束</translation>
        </message>
    </context>
    <context>
        <name>Screen</name>
        <message>
            <location filename="../screens/base.py" line="71" />
            <source>Hello, %1</source>
            <extracomment>a stable name (screenshots, tests, logs)</extracomment>
            <translation>%1 您好</translation>
        </message>
    </context>
    <context>
        <name>StackScreen</name>
        <message>
            <location filename="../screens/stack.py" line="137" />
            <source>Borrow</source>
            <translation>借書</translation>
        </message>
        <message>
            <location filename="../screens/stack.py" line="139" />
            <source>Working… please leave the items on the pad.</source>
            <translation>處理中…請勿移動感應區上的資料。</translation>
        </message>
        <message>
            <location filename="../screens/stack.py" line="141" />
            <source>Add more items, or lift an item to take it off the list.</source>
            <translation>可繼續放上資料；拿起資料即可從清單移除。</translation>
        </message>
        <message>
            <location filename="../screens/stack.py" line="143" />
            <source>Place your items on the pad. They will appear here.</source>
            <translation>請將資料放在感應區，清單會顯示在這裡。</translation>
        </message>
        <message numerus="yes">
            <location filename="../screens/stack.py" line="146" />
            <source>Borrow %n item(s)</source>
            <translation>
                <numerusform>借閱 %n 件</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../screens/stack.py" line="148" />
            <source>My account</source>
            <translation>我的帳戶</translation>
        </message>
        <message>
            <location filename="../screens/stack.py" line="150" />
            <source>Return items</source>
            <translation>還書</translation>
        </message>
        <message>
            <location filename="../screens/stack.py" line="153" />
            <source>Finish</source>
            <translation>結束</translation>
        </message>
    </context>
    <context>
        <name>Staff</name>
        <message>
            <location filename="../screens/system.py" line="137" />
            <source>never</source>
            <translation>從未</translation>
        </message>
    </context>
    <context>
        <name>StaffLoginScreen</name>
        <message>
            <location filename="../screens/system.py" line="120" />
            <source>Staff sign-in</source>
            <translation>館員登入</translation>
        </message>
        <message>
            <location filename="../screens/system.py" line="122" />
            <source>Enter your staff PIN.</source>
            <translation>請輸入館員密碼。</translation>
        </message>
        <message>
            <location filename="../screens/system.py" line="122" />
            <source>Place your staff card on the reader or type your staff number.</source>
            <translation>請感應館員證或輸入館員編號。</translation>
        </message>
        <message>
            <location filename="../screens/system.py" line="127" />
            <source>Cancel</source>
            <translation>取消</translation>
        </message>
    </context>
    <context>
        <name>StaffScreen</name>
        <message>
            <location filename="../screens/system.py" line="170" />
            <source>Staff mode</source>
            <translation>館員模式</translation>
        </message>
        <message>
            <location filename="../screens/system.py" line="172" />
            <source>Online</source>
            <translation>連線中</translation>
        </message>
        <message>
            <location filename="../screens/system.py" line="172" />
            <source>Offline</source>
            <translation>離線</translation>
        </message>
        <message>
            <location filename="../screens/system.py" line="173" />
            <source>last sync %1</source>
            <translation>上次同步：%1</translation>
        </message>
        <message numerus="yes">
            <location filename="../screens/system.py" line="178" />
            <source>%n transaction(s) waiting to be sent</source>
            <translation>
                <numerusform>%n 筆交易等待傳送</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../screens/system.py" line="180" />
            <source>oldest %1</source>
            <translation>最早一筆：%1</translation>
        </message>
        <message>
            <location filename="../screens/system.py" line="182" />
            <source>A patron session is open.</source>
            <translation>有讀者作業進行中。</translation>
        </message>
        <message>
            <location filename="../screens/system.py" line="182" />
            <source>No patron session.</source>
            <translation>沒有讀者作業。</translation>
        </message>
        <message>
            <location filename="../screens/system.py" line="188" />
            <source>Working</source>
            <translation>正常</translation>
        </message>
        <message>
            <location filename="../screens/system.py" line="188" />
            <source>Not working</source>
            <translation>故障</translation>
        </message>
        <message>
            <location filename="../screens/system.py" line="190" />
            <source>Refresh</source>
            <translation>重新整理</translation>
        </message>
        <message>
            <location filename="../screens/system.py" line="191" />
            <source>Force sync</source>
            <translation>立即同步</translation>
        </message>
        <message>
            <location filename="../screens/system.py" line="192" />
            <source>Clear session</source>
            <translation>清除作業</translation>
        </message>
        <message>
            <location filename="../screens/system.py" line="194" />
            <source>Exit to desktop</source>
            <translation>離開至桌面</translation>
        </message>
        <message>
            <location filename="../screens/system.py" line="195" />
            <source>Leave staff mode</source>
            <translation>離開館員模式</translation>
        </message>
    </context>
    <context>
        <name>Station</name>
        <message>
            <location filename="../app.py" line="80" />
            <source>Self-checkout</source>
            <extracomment>Which screen shows each core state.</extracomment>
            <translation>自助借書</translation>
        </message>
        <message>
            <location filename="../app.py" line="81" />
            <source>Self-return</source>
            <translation>自助還書</translation>
        </message>
        <message>
            <location filename="../app.py" line="82" />
            <source>Borrow and return</source>
            <translation>自助借還書</translation>
        </message>
        <message>
            <location filename="../app.py" line="83" />
            <source>Reserved items pickup</source>
            <translation>預約書自助取書</translation>
        </message>
        <message>
            <location filename="../app.py" line="84" />
            <source>FastBook</source>
            <translation>智慧借書站</translation>
        </message>
    </context>
</TS>