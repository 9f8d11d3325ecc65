<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
    <context>
        <name>AccountScreen</name>
        <message>
            <location filename="../screens/account.py" line="42" />
            <source>My account</source>
            <translation>My account</translation>
        </message>
        <message>
            <location filename="../screens/account.py" line="48" />
            <source>Fees owed: %1</source>
            <translation>Fees owed: %1</translation>
        </message>
        <message>
            <location filename="../screens/account.py" line="48" />
            <source>No fees owed.</source>
            <translation>No fees owed.</translation>
        </message>
        <message numerus="yes">
            <location filename="../screens/account.py" line="52" />
            <source>On loan (%n)</source>
            <translation>
                <numerusform>On loan (%n)</numerusform>
                <numerusform>On loan (%n)</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../screens/account.py" line="57" />
            <source>due %1</source>
            <translation>due %1</translation>
        </message>
        <message>
            <location filename="../screens/account.py" line="59" />
            <source>Overdue</source>
            <translation>Overdue</translation>
        </message>
        <message>
            <location filename="../screens/account.py" line="64" />
            <source>Renew</source>
            <translation>Renew</translation>
        </message>
        <message>
            <location filename="../screens/account.py" line="97" />
            <source>No renewals left</source>
            <translation>No renewals left</translation>
        </message>
        <message>
            <location filename="../screens/account.py" line="99" />
            <source>Reserved by another reader: cannot be renewed</source>
            <translation>Reserved by another reader: cannot be renewed</translation>
        </message>
        <message>
            <location filename="../screens/account.py" line="101" />
            <source>Just borrowed: renewing now would not change the due date</source>
            <translation>Just borrowed: renewing now would not change the due date</translation>
        </message>
        <message>
            <location filename="../screens/account.py" line="102" />
            <source>Cannot be renewed: please ask at the desk</source>
            <translation>Cannot be renewed: please ask at the desk</translation>
        </message>
        <message numerus="yes">
            <location filename="../screens/account.py" line="71" />
            <source>Reserved items ready (%n)</source>
            <translation>
                <numerusform>Reserved items ready (%n)</numerusform>
                <numerusform>Reserved items ready (%n)</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../screens/account.py" line="76" />
            <source>Ready at %1</source>
            <translation>Ready at %1</translation>
        </message>
        <message>
            <location filename="../screens/account.py" line="78" />
            <source>until %1</source>
            <translation>until %1</translation>
        </message>
        <message>
            <location filename="../screens/account.py" line="81" />
            <source>Waiting</source>
            <translation>Waiting</translation>
        </message>
        <message>
            <location filename="../screens/account.py" line="82" />
            <source>Renew all</source>
            <translation>Renew all</translation>
        </message>
        <message>
            <location filename="../screens/account.py" line="85" />
            <source>Collect reserved items</source>
            <translation>Collect reserved items</translation>
        </message>
        <message>
            <location filename="../screens/account.py" line="87" />
            <source>Return items</source>
            <translation>Return items</translation>
        </message>
        <message>
            <location filename="../screens/account.py" line="89" />
            <source>FastBook: choose your books</source>
            <translation>FastBook: choose your books</translation>
        </message>
        <message>
            <location filename="../screens/account.py" line="91" />
            <source>Borrow</source>
            <translation>Borrow</translation>
        </message>
        <message>
            <location filename="../screens/account.py" line="92" />
            <source>Finish</source>
            <translation>Finish</translation>
        </message>
    </context>
    <context>
        <name>Codes</name>
        <message>
            <location filename="../texts.py" line="17" />
            <source>Checking…</source>
            <translation>Checking…</translation>
        </message>
        <message>
            <location filename="../texts.py" line="18" />
            <source>Ready to borrow</source>
            <translation>Ready to borrow</translation>
        </message>
        <message>
            <location filename="../texts.py" line="19" />
            <source>On loan to you: will be renewed</source>
            <translation>On loan to you: will be renewed</translation>
        </message>
        <message>
            <location filename="../texts.py" line="20" />
            <source>The tag could not be read. Please take this item to the desk.</source>
            <translation>The tag could not be read. Please take this item to the desk.</translation>
        </message>
        <message>
            <location filename="../texts.py" line="21" />
            <source>This item has no library data. Please take it to the desk.</source>
            <translation>This item has no library data. Please take it to the desk.</translation>
        </message>
        <message>
            <location filename="../texts.py" line="22" />
            <source>This item belongs to another library.</source>
            <translation>This item belongs to another library.</translation>
        </message>
        <message>
            <location filename="../texts.py" line="23" />
            <source>For use in the library only.</source>
            <translation>For use in the library only.</translation>
        </message>
        <message>
            <location filename="../texts.py" line="24" />
            <source>Part of a set: place every part on the pad.</source>
            <translation>Part of a set: place every part on the pad.</translation>
        </message>
        <message>
            <location filename="../texts.py" line="25" />
            <source>Reserved for another reader.</source>
            <translation>Reserved for another reader.</translation>
        </message>
        <message>
            <location filename="../texts.py" line="26" />
            <source>On loan to someone else: please return it first.</source>
            <translation>On loan to someone else: please return it first.</translation>
        </message>
        <message>
            <location filename="../texts.py" line="27" />
            <source>This item is not on loan.</source>
            <translation>This item is not on loan.</translation>
        </message>
        <message>
            <location filename="../texts.py" line="28" />
            <source>Unknown item. Please take it to the desk.</source>
            <translation>Unknown item. Please take it to the desk.</translation>
        </message>
        <message>
            <location filename="../texts.py" line="29" />
            <source>This item cannot be lent here.</source>
            <translation>This item cannot be lent here.</translation>
        </message>
        <message>
            <location filename="../texts.py" line="30" />
            <source>A library card is on the pad: please take it off.</source>
            <translation>A library card is on the pad: please take it off.</translation>
        </message>
        <message>
            <location filename="../texts.py" line="31" />
            <location filename="../texts.py" line="51" />
            <source>Done</source>
            <translation>Done</translation>
        </message>
        <message>
            <location filename="../texts.py" line="32" />
            <location filename="../texts.py" line="56" />
            <source>Not done: please see staff</source>
            <translation>Not done: please see staff</translation>
        </message>
        <message>
            <location filename="../texts.py" line="36" />
            <source>We could not find this card. Please check the number or ask at the desk.</source>
            <translation>We could not find this card. Please check the number or ask at the desk.</translation>
        </message>
        <message>
            <location filename="../texts.py" line="37" />
            <source>The PIN is not correct. Please try again.</source>
            <translation>The PIN is not correct. Please try again.</translation>
        </message>
        <message>
            <location filename="../texts.py" line="38" />
            <source>Too many wrong PINs. Please ask at the desk.</source>
            <translation>Too many wrong PINs. Please ask at the desk.</translation>
        </message>
        <message>
            <location filename="../texts.py" line="39" />
            <source>Your card is blocked. Please ask at the desk.</source>
            <translation>Your card is blocked. Please ask at the desk.</translation>
        </message>
        <message>
            <location filename="../texts.py" line="40" />
            <source>Your card has expired. Please renew it at the desk.</source>
            <translation>Your card has expired. Please renew it at the desk.</translation>
        </message>
        <message>
            <location filename="../texts.py" line="41" />
            <source>You have fees to pay before borrowing.</source>
            <translation>You have fees to pay before borrowing.</translation>
        </message>
        <message>
            <location filename="../texts.py" line="42" />
            <source>You have overdue items. Please return them first.</source>
            <translation>You have overdue items. Please return them first.</translation>
        </message>
        <message>
            <location filename="../texts.py" line="43" />
            <source>This card was reported lost. Please ask at the desk.</source>
            <translation>This card was reported lost. Please ask at the desk.</translation>
        </message>
        <message>
            <location filename="../texts.py" line="44" />
            <source>The library system cannot be reached right now. Please ask at the desk.</source>
            <translation>The library system cannot be reached right now. Please ask at the desk.</translation>
        </message>
        <message>
            <location filename="../texts.py" line="45" />
            <source>The card could not be read. Please try again.</source>
            <translation>The card could not be read. Please try again.</translation>
        </message>
        <message>
            <location filename="../texts.py" line="46" />
            <source>Staff credentials were not accepted.</source>
            <translation>Staff credentials were not accepted.</translation>
        </message>
        <message>
            <location filename="../texts.py" line="47" />
            <location filename="../texts.py" line="113" />
            <source>Please ask at the desk.</source>
            <translation>Please ask at the desk.</translation>
        </message>
        <message>
            <location filename="../texts.py" line="52" />
            <source>Refused</source>
            <translation>Refused</translation>
        </message>
        <message>
            <location filename="../texts.py" line="53" />
            <source>Recorded, but the security tag could not be set: please see staff</source>
            <translation>Recorded, but the security tag could not be set: please see staff</translation>
        </message>
        <message>
            <location filename="../texts.py" line="54" />
            <source>Not lent: the security tag could not be changed</source>
            <translation>Not lent: the security tag could not be changed</translation>
        </message>
        <message>
            <location filename="../texts.py" line="55" />
            <source>Lifted too soon: not done. Place it again.</source>
            <translation>Lifted too soon: not done. Place it again.</translation>
        </message>
        <message>
            <location filename="../texts.py" line="60" />
            <location filename="../texts.py" line="101" />
            <source>Borrowed</source>
            <translation>Borrowed</translation>
        </message>
        <message>
            <location filename="../texts.py" line="61" />
            <source>Renewed</source>
            <translation>Renewed</translation>
        </message>
        <message>
            <location filename="../texts.py" line="62" />
            <source>Returned</source>
            <translation>Returned</translation>
        </message>
        <message>
            <location filename="../texts.py" line="63" />
            <source>Reserved item collected</source>
            <translation>Reserved item collected</translation>
        </message>
        <message>
            <location filename="../texts.py" line="64" />
            <source>Dispensed and borrowed</source>
            <translation>Dispensed and borrowed</translation>
        </message>
        <message>
            <location filename="../texts.py" line="68" />
            <source>Put it in the return bin</source>
            <translation>Put it in the return bin</translation>
        </message>
        <message>
            <location filename="../texts.py" line="69" />
            <source>Reserved for another reader: put it in the holds bin</source>
            <translation>Reserved for another reader: put it in the holds bin</translation>
        </message>
        <message>
            <location filename="../texts.py" line="70" />
            <source>Belongs to another branch: put it in the transit bin</source>
            <translation>Belongs to another branch: put it in the transit bin</translation>
        </message>
        <message>
            <location filename="../texts.py" line="71" />
            <source>Please hand it to staff</source>
            <translation>Please hand it to staff</translation>
        </message>
        <message>
            <location filename="../texts.py" line="75" />
            <source>Place your items on the pad.</source>
            <translation>Place your items on the pad.</translation>
        </message>
        <message>
            <location filename="../texts.py" line="76" />
            <source>You have reached your loan limit.</source>
            <translation>You have reached your loan limit.</translation>
        </message>
        <message>
            <location filename="../texts.py" line="77" />
            <source>There is nothing to borrow yet.</source>
            <translation>There is nothing to borrow yet.</translation>
        </message>
        <message>
            <location filename="../texts.py" line="78" />
            <source>Working offline: your loans will be sent to the library system later.</source>
            <translation>Working offline: your loans will be sent to the library system later.</translation>
        </message>
        <message>
            <location filename="../texts.py" line="79" />
            <source>Thank you for your feedback!</source>
            <translation>Thank you for your feedback!</translation>
        </message>
        <message>
            <location filename="../texts.py" line="80" />
            <source>Synchronisation started.</source>
            <translation>Synchronisation started.</translation>
        </message>
        <message>
            <location filename="../texts.py" line="81" />
            <source>The session was cleared.</source>
            <translation>The session was cleared.</translation>
        </message>
        <message>
            <location filename="../texts.py" line="82" />
            <source>That is not possible right now.</source>
            <translation>That is not possible right now.</translation>
        </message>
        <message>
            <location filename="../texts.py" line="83" />
            <source>The receipt could not be printed.</source>
            <translation>The receipt could not be printed.</translation>
        </message>
        <message>
            <location filename="../texts.py" line="84" />
            <source>Please see staff.</source>
            <translation>Please see staff.</translation>
        </message>
        <message>
            <location filename="../texts.py" line="85" />
            <source>You have used this station's quota.</source>
            <translation>You have used this station's quota.</translation>
        </message>
        <message>
            <location filename="../texts.py" line="86" />
            <source>Pickup is not open at this time.</source>
            <translation>Pickup is not open at this time.</translation>
        </message>
        <message>
            <location filename="../texts.py" line="90" />
            <source>The item pad is not working.</source>
            <translation>The item pad is not working.</translation>
        </message>
        <message>
            <location filename="../texts.py" line="99" />
            <source>Fetching your book…</source>
            <translation>Fetching your book…</translation>
        </message>
        <message>
            <location filename="../texts.py" line="100" />
            <source>Please take your book from the slot.</source>
            <translation>Please take your book from the slot.</translation>
        </message>
        <message>
            <location filename="../texts.py" line="91" />
            <source>The card reader is not working.</source>
            <translation>The card reader is not working.</translation>
        </message>
        <message>
            <location filename="../texts.py" line="92" />
            <source>The station cannot save transactions.</source>
            <translation>The station cannot save transactions.</translation>
        </message>
        <message>
            <location filename="../texts.py" line="93" />
            <source>The receipt printer is not working.</source>
            <translation>The receipt printer is not working.</translation>
        </message>
        <message>
            <location filename="../texts.py" line="94" />
            <source>The dispenser is not working.</source>
            <translation>The dispenser is not working.</translation>
        </message>
        <message>
            <location filename="../texts.py" line="95" />
            <source>The station has a technical problem.</source>
            <translation>The station has a technical problem.</translation>
        </message>
        <message>
            <location filename="../texts.py" line="102" />
            <source>Could not dispense: please see staff</source>
            <translation>Could not dispense: please see staff</translation>
        </message>
        <message>
            <location filename="../texts.py" line="106" />
            <source>Goodbye!</source>
            <translation>Goodbye!</translation>
        </message>
        <message>
            <location filename="../texts.py" line="107" />
            <source>The session ended because nothing happened for a while.</source>
            <translation>The session ended because nothing happened for a while.</translation>
        </message>
        <message>
            <location filename="../texts.py" line="108" />
            <source>Card removed: the session has ended.</source>
            <translation>Card removed: the session has ended.</translation>
        </message>
        <message>
            <location filename="../texts.py" line="109" />
            <source>The session was ended by staff.</source>
            <translation>The session was ended by staff.</translation>
        </message>
        <message>
            <location filename="../texts.py" line="110" />
            <source>The session ended because of an error.</source>
            <translation>The session ended because of an error.</translation>
        </message>
        <message>
            <location filename="../texts.py" line="76" />
            <source>Not renewed: renewing now would not change the due date</source>
            <translation>Not renewed: renewing now would not change the due date</translation>
        </message>
        <message>
            <location filename="../texts.py" line="77" />
            <source>Not renewed: no renewals left</source>
            <translation>Not renewed: no renewals left</translation>
        </message>
        <message>
            <location filename="../texts.py" line="79" />
            <source>Waiting at another branch: collect it there</source>
            <translation>Waiting at another branch: collect it there</translation>
        </message>
    </context>
    <context>
        <name>ConfirmScreen</name>
        <message>
            <location filename="../screens/stack.py" line="173" />
            <source>Please confirm</source>
            <translation>Please confirm</translation>
        </message>
        <message numerus="yes">
            <location filename="../screens/stack.py" line="174" />
            <source>You are borrowing %n item(s):</source>
            <translation>
                <numerusform>You are borrowing %n item:</numerusform>
                <numerusform>You are borrowing %n items:</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../screens/stack.py" line="176" />
            <source>Back</source>
            <translation>Back</translation>
        </message>
        <message>
            <location filename="../screens/stack.py" line="177" />
            <source>Confirm</source>
            <translation>Confirm</translation>
        </message>
    </context>
    <context>
        <name>DispenseScreen</name>
        <message>
            <location filename="../screens/fastbook.py" line="96" />
            <source>Dispensing</source>
            <translation>Dispensing</translation>
        </message>
        <message>
            <location filename="../screens/fastbook.py" line="101" />
            <source>Please wait while FastBook fetches your books.</source>
            <translation>Please wait while FastBook fetches your books.</translation>
        </message>
    </context>
    <context>
        <name>DoneScreen</name>
        <message>
            <location filename="../screens/stack.py" line="258" />
            <source>Some items need attention</source>
            <translation>Some items need attention</translation>
        </message>
        <message>
            <location filename="../screens/stack.py" line="258" />
            <source>All done</source>
            <translation>All done</translation>
        </message>
        <message numerus="yes">
            <location filename="../screens/stack.py" line="260" />
            <source>%n item(s) done.</source>
            <translation>
                <numerusform>%n item done.</numerusform>
                <numerusform>%n items done.</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <location filename="../screens/stack.py" line="261" />
            <source>%n item(s) not done: please see staff.</source>
            <translation>
                <numerusform>%n item not done: please see staff.</numerusform>
                <numerusform>%n items not done: please see staff.</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../screens/stack.py" line="291" />
            <source>due %1</source>
            <translation>due %1</translation>
        </message>
        <message>
            <location filename="../screens/stack.py" line="294" />
            <source>Renewed, but the due date stays the same</source>
            <translation>Renewed, but the due date stays the same</translation>
        </message>
        <message>
            <location filename="../screens/stack.py" line="303" />
            <source>Please take your items and your library card.</source>
            <translation>Please take your items and your library card.</translation>
        </message>
        <message>
            <location filename="../screens/stack.py" line="305" />
            <source>Please take your items.</source>
            <translation>Please take your items.</translation>
        </message>
        <message>
            <location filename="../screens/stack.py" line="307" />
            <source>Please take your library card.</source>
            <translation>Please take your library card.</translation>
        </message>
        <message>
            <location filename="../screens/stack.py" line="271" />
            <source>Receipt printed. Please take it.</source>
            <translation>Receipt printed. Please take it.</translation>
        </message>
        <message>
            <location filename="../screens/stack.py" line="277" />
            <source>How was it?</source>
            <translation>How was it?</translation>
        </message>
        <message>
            <location filename="../screens/stack.py" line="278" />
            <source>Print receipt</source>
            <translation>Print receipt</translation>
        </message>
        <message>
            <location filename="../screens/stack.py" line="281" />
            <source>Borrow more</source>
            <translation>Borrow more</translation>
        </message>
        <message>
            <location filename="../screens/stack.py" line="283" />
            <source>Finish</source>
            <translation>Finish</translation>
        </message>
    </context>
    <context>
        <name>ErrorScreen</name>
        <message>
            <location filename="../screens/system.py" line="37" />
            <source>Sorry</source>
            <translation>Sorry</translation>
        </message>
        <message>
            <location filename="../screens/system.py" line="45" />
            <source>OK</source>
            <translation>OK</translation>
        </message>
    </context>
    <context>
        <name>FastBookScreen</name>
        <message>
            <location filename="../screens/fastbook.py" line="47" />
            <source>FastBook: choose your books</source>
            <translation>FastBook: choose your books</translation>
        </message>
        <message>
            <location filename="../screens/fastbook.py" line="48" />
            <source>Touch a book to select it.</source>
            <translation>Touch a book to select it.</translation>
        </message>
        <message numerus="yes">
            <location filename="../screens/fastbook.py" line="50" />
            <source>You can take %n more here today.</source>
            <translation>
                <numerusform>You can take %n more here today.</numerusform>
                <numerusform>You can take %n more here today.</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../screens/fastbook.py" line="67" />
            <source>Reserved for you</source>
            <translation>Reserved for you</translation>
        </message>
        <message>
            <location filename="../screens/fastbook.py" line="68" />
            <source>Slot %1</source>
            <translation>Slot %1</translation>
        </message>
        <message>
            <location filename="../screens/fastbook.py" line="68" />
            <source>Not available</source>
            <translation>Not available</translation>
        </message>
        <message numerus="yes">
            <location filename="../screens/fastbook.py" line="77" />
            <source>Dispense %n book(s)</source>
            <translation>
                <numerusform>Dispense %n book</numerusform>
                <numerusform>Dispense %n books</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../screens/fastbook.py" line="79" />
            <source>Finish</source>
            <translation>Finish</translation>
        </message>
    </context>
    <context>
        <name>HoldsScreen</name>
        <message>
            <location filename="../screens/account.py" line="128" />
            <source>Collect your reserved items</source>
            <translation>Collect your reserved items</translation>
        </message>
        <message numerus="yes">
            <location filename="../screens/account.py" line="129" />
            <source>%n item(s) waiting for you.</source>
            <translation>
                <numerusform>%n item is waiting for you.</numerusform>
                <numerusform>%n items are waiting for you.</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../screens/account.py" line="129" />
            <source>Nothing is waiting for you yet.</source>
            <translation>Nothing is waiting for you yet.</translation>
        </message>
        <message numerus="yes">
            <location filename="../screens/account.py" line="131" />
            <source>You can take %n more here today.</source>
            <translation>
                <numerusform>You can take %n more here today.</numerusform>
                <numerusform>You can take %n more here today.</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../screens/account.py" line="147" />
            <source>Waiting for you at %1: collect it there</source>
            <translation>Waiting for you at %1: collect it there</translation>
        </message>
        <message>
            <location filename="../screens/account.py" line="159" />
            <source>In FastBook slot %1</source>
            <translation>In FastBook slot %1</translation>
        </message>
        <message>
            <location filename="../screens/account.py" line="161" />
            <source>On the holds shelf: place it on the pad</source>
            <translation>On the holds shelf: place it on the pad</translation>
        </message>
        <message>
            <location filename="../screens/account.py" line="162" />
            <source>Ready at %1</source>
            <translation>Ready at %1</translation>
        </message>
        <message>
            <location filename="../screens/account.py" line="144" />
            <source>Collect</source>
            <translation>Collect</translation>
        </message>
        <message>
            <location filename="../screens/account.py" line="151" />
            <source>Waiting</source>
            <translation>Waiting</translation>
        </message>
        <message>
            <location filename="../screens/account.py" line="152" />
            <source>Back</source>
            <translation>Back</translation>
        </message>
        <message>
            <location filename="../screens/account.py" line="153" />
            <source>Collect all</source>
            <translation>Collect all</translation>
        </message>
    </context>
    <context>
        <name>IdentifyScreen</name>
        <message>
            <location filename="../screens/identify.py" line="79" />
            <source>That is not a card number. Please try again.</source>
            <translation>That is not a card number. Please try again.</translation>
        </message>
        <message>
            <location filename="../screens/identify.py" line="92" />
            <source>Checking your card…</source>
            <translation>Checking your card…</translation>
        </message>
        <message>
            <location filename="../screens/identify.py" line="92" />
            <source>Type your card number</source>
            <translation>Type your card number</translation>
        </message>
        <message>
            <location filename="../screens/identify.py" line="93" />
            <source>One moment, please.</source>
            <translation>One moment, please.</translation>
        </message>
        <message>
            <location filename="../screens/identify.py" line="93" />
            <source>The number is on the back of your card.</source>
            <translation>The number is on the back of your card.</translation>
        </message>
        <message>
            <location filename="../screens/identify.py" line="97" />
            <source>Cancel</source>
            <translation>Cancel</translation>
        </message>
    </context>
    <context>
        <name>IdleOverlay</name>
        <message>
            <location filename="../app.py" line="168" />
            <source>Are you still there?</source>
            <translation>Are you still there?</translation>
        </message>
        <message numerus="yes">
            <location filename="../app.py" line="169" />
            <source>Your session ends in %n second(s).</source>
            <translation>
                <numerusform>Your session ends in %n second.</numerusform>
                <numerusform>Your session ends in %n seconds.</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../app.py" line="170" />
            <source>I need more time</source>
            <translation>I need more time</translation>
        </message>
    </context>
    <context>
        <name>IdleScreen</name>
        <message>
            <location filename="../screens/identify.py" line="35" />
            <source>Welcome to the library</source>
            <translation>Welcome to the library</translation>
        </message>
        <message>
            <location filename="../screens/identify.py" line="38" />
            <source>Place the items you are returning on the pad</source>
            <translation>Place the items you are returning on the pad</translation>
        </message>
        <message>
            <location filename="../screens/identify.py" line="39" />
            <source>One pile at a time. No card needed.</source>
            <translation>One pile at a time. No card needed.</translation>
        </message>
        <message>
            <location filename="../screens/identify.py" line="41" />
            <source>Place your library card on the reader to borrow from FastBook</source>
            <translation>Place your library card on the reader to borrow from FastBook</translation>
        </message>
        <message>
            <location filename="../screens/identify.py" line="42" />
            <location filename="../screens/identify.py" line="45" />
            <source>Or type your card number.</source>
            <translation>Or type your card number.</translation>
        </message>
        <message>
            <location filename="../screens/identify.py" line="44" />
            <source>Place your library card on the reader to collect your reserved items</source>
            <translation>Place your library card on the reader to collect your reserved items</translation>
        </message>
        <message>
            <location filename="../screens/identify.py" line="47" />
            <source>Place your library card on the reader, or scan its barcode</source>
            <translation>Place your library card on the reader, or scan its barcode</translation>
        </message>
        <message>
            <location filename="../screens/identify.py" line="48" />
            <source>Then place your items on the pad.</source>
            <translation>Then place your items on the pad.</translation>
        </message>
        <message>
            <location filename="../screens/identify.py" line="49" />
            <source>Type card number</source>
            <translation>Type card number</translation>
        </message>
        <message>
            <location filename="../screens/identify.py" line="51" />
            <source>Return items</source>
            <translation>Return items</translation>
        </message>
    </context>
    <context>
        <name>ItemRows</name>
        <message>
            <location filename="../screens/stack.py" line="26" />
            <source>Unknown item</source>
            <translation>Unknown item</translation>
        </message>
        <message>
            <location filename="../screens/stack.py" line="28" />
            <source>(%1 of %2 parts on the pad)</source>
            <translation>(%1 of %2 parts on the pad)</translation>
        </message>
        <message>
            <location filename="../screens/stack.py" line="39" />
            <location filename="../screens/stack.py" line="55" />
            <location filename="../screens/stack.py" line="60" />
            <source>due %1</source>
            <translation>due %1</translation>
        </message>
        <message>
            <location filename="../screens/stack.py" line="48" />
            <source>Ready to return</source>
            <translation>Ready to return</translation>
        </message>
        <message>
            <location filename="../screens/stack.py" line="50" />
            <source>Ready to borrow · due %1</source>
            <translation>Ready to borrow · due %1</translation>
        </message>
    </context>
    <context>
        <name>KioskWindow</name>
        <message>
            <location filename="../app.py" line="276" />
            <source>Offline</source>
            <translation>Offline</translation>
        </message>
        <message>
            <location filename="../app.py" line="278" />
            <source>Large text</source>
            <translation>Large text</translation>
        </message>
        <message>
            <location filename="../app.py" line="279" />
            <source>Speech</source>
            <translation>Speech</translation>
        </message>
    </context>
    <context>
        <name>OnScreenKeyboard</name>
        <message>
            <location filename="../widgets.py" line="247" />
            <source>OK</source>
            <translation>OK</translation>
        </message>
    </context>
    <context>
        <name>OutOfOrderScreen</name>
        <message>
            <location filename="../screens/system.py" line="67" />
            <source>Out of order</source>
            <translation>Out of order</translation>
        </message>
        <message>
            <location filename="../screens/system.py" line="70" />
            <source>Sorry for the trouble. Please use another station or ask at the desk.</source>
            <translation>Sorry for the trouble. Please use another station or ask at the desk.</translation>
        </message>
    </context>
    <context>
        <name>PinPad</name>
        <message>
            <location filename="../widgets.py" line="182" />
            <source>OK</source>
            <translation>OK</translation>
        </message>
    </context>
    <context>
        <name>PinScreen</name>
        <message>
            <location filename="../screens/identify.py" line="126" />
            <source>Enter your PIN</source>
            <translation>Enter your PIN</translation>
        </message>
        <message>
            <location filename="../screens/identify.py" line="127" />
            <source>Your PIN is 4 to 12 digits. Shield the keypad with your hand.</source>
            <translation>Your PIN is 4 to 12 digits. Shield the keypad with your hand.</translation>
        </message>
        <message numerus="yes">
            <location filename="../screens/identify.py" line="130" />
            <source>The PIN is not correct. %n attempt(s) left.</source>
            <translation>
                <numerusform>The PIN is not correct. %n attempt left.</numerusform>
                <numerusform>The PIN is not correct. %n attempts left.</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <location filename="../screens/identify.py" line="132" />
            <source>%n attempt(s) left.</source>
            <translation>
                <numerusform>%n attempt left.</numerusform>
                <numerusform>%n attempts left.</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../screens/identify.py" line="136" />
            <source>Cancel</source>
            <translation>Cancel</translation>
        </message>
    </context>
    <context>
        <name>ReturnScreen</name>
        <message>
            <location filename="../screens/stack.py" line="195" />
            <source>Return</source>
            <translation>Return</translation>
        </message>
        <message>
            <location filename="../screens/stack.py" line="196" />
            <source>Borrow</source>
            <translation>Borrow</translation>
        </message>
        <message>
            <location filename="../screens/stack.py" line="199" />
            <source>Thank you. Follow the instruction for each item.</source>
            <translation>Thank you. Follow the instruction for each item.</translation>
        </message>
        <message>
            <location filename="../screens/stack.py" line="201" />
            <source>Place the items you are returning on the pad</source>
            <translation>Place the items you are returning on the pad</translation>
        </message>
        <message>
            <location filename="../screens/stack.py" line="203" />
            <source>Finish</source>
            <translation>Finish</translation>
        </message>
    </context>
    <context>
        <name>Screen</name>
        <message>
            <location filename="../screens/base.py" line="71" />
            <source>Hello, %1</source>
            <extracomment>a stable name (screenshots, tests, logs)</extracomment>
            <translation>Hello, %1</translation>
        </message>
    </context>
    <context>
        <name>StackScreen</name>
        <message>
            <location filename="../screens/stack.py" line="137" />
            <source>Borrow</source>
            <translation>Borrow</translation>
        </message>
        <message>
            <location filename="../screens/stack.py" line="139" />
            <source>Working… please leave the items on the pad.</source>
            <translation>Working… please leave the items on the pad.</translation>
        </message>
        <message>
            <location filename="../screens/stack.py" line="141" />
            <source>Add more items, or lift an item to take it off the list.</source>
            <translation>Add more items, or lift an item to take it off the list.</translation>
        </message>
        <message>
            <location filename="../screens/stack.py" line="143" />
            <source>Place your items on the pad. They will appear here.</source>
            <translation>Place your items on the pad. They will appear here.</translation>
        </message>
        <message numerus="yes">
            <location filename="../screens/stack.py" line="146" />
            <source>Borrow %n item(s)</source>
            <translation>
                <numerusform>Borrow %n item</numerusform>
                <numerusform>Borrow %n items</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../screens/stack.py" line="148" />
            <source>My account</source>
            <translation>My account</translation>
        </message>
        <message>
            <location filename="../screens/stack.py" line="150" />
            <source>Return items</source>
            <translation>Return items</translation>
        </message>
        <message>
            <location filename="../screens/stack.py" line="153" />
            <source>Finish</source>
            <translation>Finish</translation>
        </message>
    </context>
    <context>
        <name>Staff</name>
        <message>
            <location filename="../screens/system.py" line="137" />
            <source>never</source>
            <translation>never</translation>
        </message>
    </context>
    <context>
        <name>StaffLoginScreen</name>
        <message>
            <location filename="../screens/system.py" line="120" />
            <source>Staff sign-in</source>
            <translation>Staff sign-in</translation>
        </message>
        <message>
            <location filename="../screens/system.py" line="122" />
            <source>Enter your staff PIN.</source>
            <translation>Enter your staff PIN.</translation>
        </message>
        <message>
            <location filename="../screens/system.py" line="122" />
            <source>Place your staff card on the reader or type your staff number.</source>
            <translation>Place your staff card on the reader or type your staff number.</translation>
        </message>
        <message>
            <location filename="../screens/system.py" line="127" />
            <source>Cancel</source>
            <translation>Cancel</translation>
        </message>
    </context>
    <context>
        <name>StaffScreen</name>
        <message>
            <location filename="../screens/system.py" line="170" />
            <source>Staff mode</source>
            <translation>Staff mode</translation>
        </message>
        <message>
            <location filename="../screens/system.py" line="172" />
            <source>Online</source>
            <translation>Online</translation>
        </message>
        <message>
            <location filename="../screens/system.py" line="172" />
            <source>Offline</source>
            <translation>Offline</translation>
        </message>
        <message>
            <location filename="../screens/system.py" line="173" />
            <source>last sync %1</source>
            <translation>last sync %1</translation>
        </message>
        <message numerus="yes">
            <location filename="../screens/system.py" line="178" />
            <source>%n transaction(s) waiting to be sent</source>
            <translation>
                <numerusform>%n transaction waiting to be sent</numerusform>
                <numerusform>%n transactions waiting to be sent</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../screens/system.py" line="180" />
            <source>oldest %1</source>
            <translation>oldest %1</translation>
        </message>
        <message>
            <location filename="../screens/system.py" line="182" />
            <source>A patron session is open.</source>
            <translation>A patron session is open.</translation>
        </message>
        <message>
            <location filename="../screens/system.py" line="182" />
            <source>No patron session.</source>
            <translation>No patron session.</translation>
        </message>
        <message>
            <location filename="../screens/system.py" line="188" />
            <source>Working</source>
            <translation>Working</translation>
        </message>
        <message>
            <location filename="../screens/system.py" line="188" />
            <source>Not working</source>
            <translation>Not working</translation>
        </message>
        <message>
            <location filename="../screens/system.py" line="190" />
            <source>Refresh</source>
            <translation>Refresh</translation>
        </message>
        <message>
            <location filename="../screens/system.py" line="191" />
            <source>Force sync</source>
            <translation>Force sync</translation>
        </message>
        <message>
            <location filename="../screens/system.py" line="192" />
            <source>Clear session</source>
            <translation>Clear session</translation>
        </message>
        <message>
            <location filename="../screens/system.py" line="194" />
            <source>Exit to desktop</source>
            <translation>Exit to desktop</translation>
        </message>
        <message>
            <location filename="../screens/system.py" line="195" />
            <source>Leave staff mode</source>
            <translation>Leave staff mode</translation>
        </message>
    </context>
    <context>
        <name>Station</name>
        <message>
            <location filename="../app.py" line="80" />
            <source>Self-checkout</source>
            <extracomment>Which screen shows each core state.</extracomment>
            <translation>Self-checkout</translation>
        </message>
        <message>
            <location filename="../app.py" line="81" />
            <source>Self-return</source>
            <translation>Self-return</translation>
        </message>
        <message>
            <location filename="../app.py" line="82" />
            <source>Borrow and return</source>
            <translation>Borrow and return</translation>
        </message>
        <message>
            <location filename="../app.py" line="83" />
            <source>Reserved items pickup</source>
            <translation>Reserved items pickup</translation>
        </message>
        <message>
            <location filename="../app.py" line="84" />
            <source>FastBook</source>
            <translation>FastBook</translation>
        </message>
    </context>
</TS>