<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>AccountScreen</name>
    <message>
        <location filename="../screens/account.py" line="42"/>
        <source>My account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../screens/account.py" line="48"/>
        <source>Fees owed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../screens/account.py" line="48"/>
        <source>No fees owed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../screens/account.py" line="52"/>
        <source>On loan (%n)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../screens/account.py" line="57"/>
        <source>due %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../screens/account.py" line="59"/>
        <source>Overdue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../screens/account.py" line="64"/>
        <source>Renew</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../screens/account.py" line="66"/>
        <source>Reserved items ready (%n)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../screens/account.py" line="71"/>
        <source>Ready at %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../screens/account.py" line="73"/>
        <source>until %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../screens/account.py" line="76"/>
        <source>Waiting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../screens/account.py" line="77"/>
        <source>Renew all</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../screens/account.py" line="79"/>
        <source>Collect reserved items</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../screens/account.py" line="82"/>
        <source>Borrow</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../screens/account.py" line="84"/>
        <source>Finish</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Codes</name>
    <message>
        <location filename="../texts.py" line="17"/>
        <source>Checking…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../texts.py" line="18"/>
        <source>Ready to borrow</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../texts.py" line="19"/>
        <source>On loan to you: will be renewed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../texts.py" line="20"/>
        <source>The tag could not be read. Please take this item to the desk.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../texts.py" line="21"/>
        <source>This item has no library data. Please take it to the desk.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../texts.py" line="22"/>
        <source>This item belongs to another library.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../texts.py" line="23"/>
        <source>For use in the library only.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../texts.py" line="24"/>
        <source>Part of a set: place every part on the pad.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../texts.py" line="25"/>
        <source>Reserved for another reader.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../texts.py" line="26"/>
        <source>On loan to someone else: please return it first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../texts.py" line="27"/>
        <source>This item is not on loan.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../texts.py" line="28"/>
        <source>Unknown item. Please take it to the desk.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../texts.py" line="29"/>
        <source>This item cannot be lent here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../texts.py" line="30"/>
        <source>A library card is on the book pad: please take it off.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../texts.py" line="31"/>
        <location filename="../texts.py" line="51"/>
        <source>Done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../texts.py" line="32"/>
        <location filename="../texts.py" line="56"/>
        <source>Not done: please see staff</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../texts.py" line="36"/>
        <source>We could not find this card. Please check the number or ask at the desk.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../texts.py" line="37"/>
        <source>The PIN is not correct. Please try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../texts.py" line="38"/>
        <source>Too many wrong PINs. Please ask at the desk.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../texts.py" line="39"/>
        <source>Your card is blocked. Please ask at the desk.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../texts.py" line="40"/>
        <source>Your card has expired. Please renew it at the desk.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../texts.py" line="41"/>
        <source>You have fees to pay before borrowing.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../texts.py" line="42"/>
        <source>You have overdue items. Please return them first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../texts.py" line="43"/>
        <source>This card was reported lost. Please ask at the desk.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../texts.py" line="44"/>
        <source>The library system cannot be reached right now. Please ask at the desk.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../texts.py" line="45"/>
        <source>The card could not be read. Please try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../texts.py" line="46"/>
        <source>Staff credentials were not accepted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../texts.py" line="47"/>
        <location filename="../texts.py" line="112"/>
        <source>Please ask at the desk.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../texts.py" line="52"/>
        <source>Refused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../texts.py" line="53"/>
        <source>Recorded, but the security tag could not be set: please see staff</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../texts.py" line="54"/>
        <source>Not lent: the security tag could not be changed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../texts.py" line="55"/>
        <source>Lifted too soon: not done. Place it again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../texts.py" line="60"/>
        <location filename="../texts.py" line="100"/>
        <source>Borrowed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../texts.py" line="61"/>
        <source>Renewed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../texts.py" line="62"/>
        <source>Returned</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../texts.py" line="63"/>
        <source>Reserved item collected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../texts.py" line="64"/>
        <source>Dispensed and borrowed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../texts.py" line="68"/>
        <source>Put it in the return bin</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../texts.py" line="69"/>
        <source>Reserved for another reader: put it in the holds bin</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../texts.py" line="70"/>
        <source>Belongs to another branch: put it in the transit bin</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../texts.py" line="71"/>
        <source>Please hand it to staff</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../texts.py" line="75"/>
        <source>Place your items on the pad.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../texts.py" line="76"/>
        <source>You have reached your loan limit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../texts.py" line="77"/>
        <source>There is nothing to borrow yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../texts.py" line="78"/>
        <source>Working offline: your loans will be sent to the library system later.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../texts.py" line="79"/>
        <source>Thank you for your feedback!</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../texts.py" line="80"/>
        <source>Synchronisation started.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../texts.py" line="81"/>
        <source>The session was cleared.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../texts.py" line="82"/>
        <source>That is not possible right now.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../texts.py" line="83"/>
        <source>The receipt could not be printed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../texts.py" line="84"/>
        <source>Please see staff.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../texts.py" line="85"/>
        <source>You have used this station&apos;s quota.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../texts.py" line="86"/>
        <source>Pickup is not open at this time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../texts.py" line="90"/>
        <source>The book reader is not working.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../texts.py" line="91"/>
        <source>The card reader is not working.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../texts.py" line="92"/>
        <source>The station cannot save transactions.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../texts.py" line="93"/>
        <source>The receipt printer is not working.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../texts.py" line="94"/>
        <source>The dispenser is not working.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../texts.py" line="98"/>
        <source>Fetching your item…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../texts.py" line="99"/>
        <source>Please take your item from the slot.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../texts.py" line="101"/>
        <source>Could not dispense: please see staff</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../texts.py" line="105"/>
        <source>Goodbye!</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../texts.py" line="106"/>
        <source>The session ended because nothing happened for a while.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../texts.py" line="107"/>
        <source>Card removed: the session has ended.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../texts.py" line="108"/>
        <source>The session was ended by staff.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../texts.py" line="109"/>
        <source>The session ended because of an error.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ConfirmScreen</name>
    <message>
        <location filename="../screens/stack.py" line="155"/>
        <source>Please confirm</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../screens/stack.py" line="156"/>
        <source>You are borrowing %n item(s):</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../screens/stack.py" line="158"/>
        <source>Back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../screens/stack.py" line="159"/>
        <source>Confirm</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DispenseScreen</name>
    <message>
        <location filename="../screens/fastbook.py" line="94"/>
        <source>Dispensing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../screens/fastbook.py" line="99"/>
        <source>Please wait while FastBook fetches your books.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DoneScreen</name>
    <message>
        <location filename="../screens/stack.py" line="223"/>
        <source>Some items need attention</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../screens/stack.py" line="223"/>
        <source>All done</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../screens/stack.py" line="225"/>
        <source>%n item(s) done.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../screens/stack.py" line="226"/>
        <source>%n item(s) not done: please see staff.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../screens/stack.py" line="234"/>
        <source>due %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../screens/stack.py" line="241"/>
        <source>Receipt printed. Please take it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../screens/stack.py" line="247"/>
        <source>How was it?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../screens/stack.py" line="248"/>
        <source>Print receipt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../screens/stack.py" line="250"/>
        <source>Borrow more</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../screens/stack.py" line="252"/>
        <source>Finish</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ErrorScreen</name>
    <message>
        <location filename="../screens/system.py" line="33"/>
        <source>Sorry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../screens/system.py" line="38"/>
        <source>OK</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FastBookScreen</name>
    <message>
        <location filename="../screens/fastbook.py" line="45"/>
        <source>FastBook: choose your books</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../screens/fastbook.py" line="46"/>
        <source>Touch a book to select it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../screens/fastbook.py" line="48"/>
        <source>You can take %n more here today.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../screens/fastbook.py" line="65"/>
        <source>Reserved for you</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../screens/fastbook.py" line="66"/>
        <source>Slot %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../screens/fastbook.py" line="66"/>
        <source>Not available</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../screens/fastbook.py" line="75"/>
        <source>Dispense %n book(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../screens/fastbook.py" line="77"/>
        <source>Finish</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HoldsScreen</name>
    <message>
        <location filename="../screens/account.py" line="111"/>
        <source>Collect your reserved items</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../screens/account.py" line="112"/>
        <source>%n item(s) waiting for you.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../screens/account.py" line="112"/>
        <source>Nothing is waiting for you yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../screens/account.py" line="114"/>
        <source>You can take %n more here today.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../screens/account.py" line="121"/>
        <source>In FastBook slot %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../screens/account.py" line="123"/>
        <source>On the holds shelf: place it on the pad</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../screens/account.py" line="125"/>
        <source>Ready at %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../screens/account.py" line="128"/>
        <source>Collect</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../screens/account.py" line="130"/>
        <source>Waiting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../screens/account.py" line="131"/>
        <source>Back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../screens/account.py" line="132"/>
        <source>Collect all</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>IdentifyScreen</name>
    <message>
        <location filename="../screens/identify.py" line="79"/>
        <source>That is not a card number. Please try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../screens/identify.py" line="92"/>
        <source>Checking your card…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../screens/identify.py" line="92"/>
        <source>Type your card number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../screens/identify.py" line="93"/>
        <source>One moment, please.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../screens/identify.py" line="93"/>
        <source>The number is on the back of your card.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../screens/identify.py" line="97"/>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>IdleOverlay</name>
    <message>
        <location filename="../app.py" line="198"/>
        <source>Are you still there?</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../app.py" line="199"/>
        <source>Your session ends in %n second(s).</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../app.py" line="200"/>
        <source>I need more time</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>IdleScreen</name>
    <message>
        <location filename="../screens/identify.py" line="35"/>
        <source>Welcome to the library</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../screens/identify.py" line="38"/>
        <source>Place the items you are returning on the pad</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../screens/identify.py" line="39"/>
        <source>One pile at a time. No card needed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../screens/identify.py" line="41"/>
        <source>Place your library card on the reader to borrow from FastBook</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../screens/identify.py" line="42"/>
        <location filename="../screens/identify.py" line="45"/>
        <source>Or type your card number.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../screens/identify.py" line="44"/>
        <source>Place your library card on the reader to collect your reserved items</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../screens/identify.py" line="47"/>
        <source>Place your library card on the reader, or scan its barcode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../screens/identify.py" line="48"/>
        <source>Then put your books on the pad.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../screens/identify.py" line="49"/>
        <source>Type card number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../screens/identify.py" line="51"/>
        <source>Return items</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>KioskWindow</name>
    <message>
        <location filename="../app.py" line="299"/>
        <source>Offline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app.py" line="301"/>
        <source>Large text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app.py" line="302"/>
        <source>Speech</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OnScreenKeyboard</name>
    <message>
        <location filename="../widgets.py" line="193"/>
        <source>OK</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OutOfOrderScreen</name>
    <message>
        <location filename="../screens/system.py" line="60"/>
        <source>Out of order</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../screens/system.py" line="63"/>
        <source>Sorry for the trouble. Please use another station or ask at the desk.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PinPad</name>
    <message>
        <location filename="../widgets.py" line="128"/>
        <source>OK</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PinScreen</name>
    <message>
        <location filename="../screens/identify.py" line="126"/>
        <source>Enter your PIN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../screens/identify.py" line="127"/>
        <source>Your PIN is 4 to 12 digits. Shield the keypad with your hand.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../screens/identify.py" line="130"/>
        <source>The PIN is not correct. %n attempt(s) left.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../screens/identify.py" line="132"/>
        <source>%n attempt(s) left.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../screens/identify.py" line="136"/>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReturnScreen</name>
    <message>
        <location filename="../screens/stack.py" line="176"/>
        <source>Return</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../screens/stack.py" line="178"/>
        <source>Thank you. Follow the instruction for each item.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../screens/stack.py" line="180"/>
        <source>Place the items you are returning on the pad</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../screens/stack.py" line="182"/>
        <source>Finish</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Screen</name>
    <message>
        <location filename="../screens/base.py" line="64"/>
        <source>Hello, %1</source>
        <extracomment>a stable name (screenshots, tests, logs)</extracomment>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StackScreen</name>
    <message>
        <location filename="../screens/stack.py" line="125"/>
        <source>Borrow</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../screens/stack.py" line="127"/>
        <source>Working… please leave the items on the pad.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../screens/stack.py" line="129"/>
        <source>Add more items, or lift an item to take it off the list.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../screens/stack.py" line="131"/>
        <source>Place your items on the pad. They will appear here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../screens/stack.py" line="134"/>
        <source>Borrow %n item(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../screens/stack.py" line="136"/>
        <source>My account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../screens/stack.py" line="138"/>
        <source>Finish</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StaffLoginScreen</name>
    <message>
        <location filename="../screens/system.py" line="102"/>
        <source>Staff sign-in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../screens/system.py" line="104"/>
        <source>Enter your staff PIN.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../screens/system.py" line="104"/>
        <source>Place your staff card on the reader or type your staff number.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../screens/system.py" line="109"/>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StaffScreen</name>
    <message>
        <location filename="../screens/system.py" line="152"/>
        <source>Staff mode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../screens/system.py" line="154"/>
        <source>Online</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../screens/system.py" line="154"/>
        <source>Offline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../screens/system.py" line="155"/>
        <source>last sync %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../screens/system.py" line="160"/>
        <source>%n transaction(s) waiting to be sent</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../screens/system.py" line="162"/>
        <source>oldest %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../screens/system.py" line="164"/>
        <source>A patron session is open.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../screens/system.py" line="164"/>
        <source>No patron session.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../screens/system.py" line="169"/>
        <source>Working</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../screens/system.py" line="169"/>
        <source>Not working</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../screens/system.py" line="171"/>
        <source>Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../screens/system.py" line="172"/>
        <source>Force sync</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../screens/system.py" line="173"/>
        <source>Clear session</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../screens/system.py" line="175"/>
        <source>Exit to desktop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../screens/system.py" line="176"/>
        <source>Leave staff mode</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Station</name>
    <message>
        <location filename="../app.py" line="76"/>
        <source>Self-checkout</source>
        <extracomment>Which screen shows each core state.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app.py" line="77"/>
        <source>Self-return</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app.py" line="78"/>
        <source>Borrow and return</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app.py" line="79"/>
        <source>Reserved items pickup</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app.py" line="80"/>
        <source>FastBook</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>screen</name>
    <message>
        <location filename="../screens/stack.py" line="23"/>
        <source>Unknown item</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../screens/stack.py" line="25"/>
        <source>(%1 of %2 parts on the pad)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../screens/stack.py" line="36"/>
        <location filename="../screens/stack.py" line="52"/>
        <location filename="../screens/stack.py" line="57"/>
        <source>due %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../screens/stack.py" line="45"/>
        <source>Ready to return</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../screens/stack.py" line="47"/>
        <source>Ready to borrow · due %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../screens/system.py" line="119"/>
        <source>never</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../screens/system.py" line="121"/>
        <source>%n second(s) ago</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../screens/system.py" line="122"/>
        <source>%n minute(s) ago</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
</context>
</TS>
