<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="id" sourcelanguage="en">
    <context>
        <name>AccountScreen</name>
        <message>
            <location filename="../screens/account.py" line="42" />
            <source>My account</source>
            <translation>Akun saya</translation>
        </message>
        <message>
            <location filename="../screens/account.py" line="48" />
            <source>Fees owed: %1</source>
            <translation>Denda terutang: %1</translation>
        </message>
        <message>
            <location filename="../screens/account.py" line="48" />
            <source>No fees owed.</source>
            <translation>Tidak ada denda.</translation>
        </message>
        <message numerus="yes">
            <location filename="../screens/account.py" line="52" />
            <source>On loan (%n)</source>
            <translation>
                <numerusform>Sedang dipinjam (%n)</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../screens/account.py" line="57" />
            <source>due %1</source>
            <translation>jatuh tempo %1</translation>
        </message>
        <message>
            <location filename="../screens/account.py" line="59" />
            <source>Overdue</source>
            <translation>Terlambat</translation>
        </message>
        <message>
            <location filename="../screens/account.py" line="64" />
            <source>Renew</source>
            <translation>Perpanjang</translation>
        </message>
        <message>
            <location filename="../screens/account.py" line="97" />
            <source>No renewals left</source>
            <translation>Batas perpanjangan habis</translation>
        </message>
        <message>
            <location filename="../screens/account.py" line="99" />
            <source>Reserved by another reader: cannot be renewed</source>
            <translation>Dipesan pembaca lain: tidak dapat diperpanjang</translation>
        </message>
        <message>
            <location filename="../screens/account.py" line="101" />
            <source>Just borrowed: renewing now would not change the due date</source>
            <translation>Baru dipinjam: memperpanjang sekarang tidak mengubah tanggal jatuh tempo</translation>
        </message>
        <message>
            <location filename="../screens/account.py" line="102" />
            <source>Cannot be renewed: please ask at the desk</source>
            <translation>Tidak dapat diperpanjang: silakan tanyakan di meja layanan</translation>
        </message>
        <message numerus="yes">
            <location filename="../screens/account.py" line="71" />
            <source>Reserved items ready (%n)</source>
            <translation>
                <numerusform>Pesanan siap diambil (%n)</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../screens/account.py" line="76" />
            <source>Ready at %1</source>
            <translation>Siap diambil di %1</translation>
        </message>
        <message>
            <location filename="../screens/account.py" line="78" />
            <source>until %1</source>
            <translation>sampai %1</translation>
        </message>
        <message>
            <location filename="../screens/account.py" line="81" />
            <source>Waiting</source>
            <translation>Menunggu</translation>
        </message>
        <message>
            <location filename="../screens/account.py" line="82" />
            <source>Renew all</source>
            <translation>Perpanjang semua</translation>
        </message>
        <message>
            <location filename="../screens/account.py" line="85" />
            <source>Collect reserved items</source>
            <translation>Ambil pesanan</translation>
        </message>
        <message>
            <location filename="../screens/account.py" line="87" />
            <source>Return items</source>
            <translation>Kembalikan item</translation>
        </message>
        <message>
            <location filename="../screens/account.py" line="89" />
            <source>FastBook: choose your books</source>
            <translation>FastBook: pilih buku Anda</translation>
        </message>
        <message>
            <location filename="../screens/account.py" line="91" />
            <source>Borrow</source>
            <translation>Pinjam</translation>
        </message>
        <message>
            <location filename="../screens/account.py" line="92" />
            <source>Finish</source>
            <translation>Selesai</translation>
        </message>
    </context>
    <context>
        <name>Codes</name>
        <message>
            <location filename="../texts.py" line="17" />
            <source>Checking…</source>
            <translation>Memeriksa…</translation>
        </message>
        <message>
            <location filename="../texts.py" line="18" />
            <source>Ready to borrow</source>
            <translation>Siap dipinjam</translation>
        </message>
        <message>
            <location filename="../texts.py" line="19" />
            <source>On loan to you: will be renewed</source>
            <translation>Sedang Anda pinjam: akan diperpanjang</translation>
        </message>
        <message>
            <location filename="../texts.py" line="20" />
            <source>The tag could not be read. Please take this item to the desk.</source>
            <translation>Label tidak dapat dibaca. Silakan bawa item ini ke meja layanan.</translation>
        </message>
        <message>
            <location filename="../texts.py" line="21" />
            <source>This item has no library data. Please take it to the desk.</source>
            <translation>Item ini tidak memiliki data perpustakaan. Silakan bawa ke meja layanan.</translation>
        </message>
        <message>
            <location filename="../texts.py" line="22" />
            <source>This item belongs to another library.</source>
            <translation>Item ini milik perpustakaan lain.</translation>
        </message>
        <message>
            <location filename="../texts.py" line="23" />
            <source>For use in the library only.</source>
            <translation>Hanya untuk dibaca di perpustakaan.</translation>
        </message>
        <message>
            <location filename="../texts.py" line="24" />
            <source>Part of a set: place every part on the pad.</source>
            <translation>Bagian dari satu set: letakkan semua bagiannya di atas pad.</translation>
        </message>
        <message>
            <location filename="../texts.py" line="25" />
            <source>Reserved for another reader.</source>
            <translation>Sudah dipesan pembaca lain.</translation>
        </message>
        <message>
            <location filename="../texts.py" line="26" />
            <source>On loan to someone else: please return it first.</source>
            <translation>Sedang dipinjam orang lain: kembalikan dulu.</translation>
        </message>
        <message>
            <location filename="../texts.py" line="27" />
            <source>This item is not on loan.</source>
            <translation>Item ini tidak sedang dipinjam.</translation>
        </message>
        <message>
            <location filename="../texts.py" line="28" />
            <source>Unknown item. Please take it to the desk.</source>
            <translation>Item tidak dikenal. Silakan bawa ke meja layanan.</translation>
        </message>
        <message>
            <location filename="../texts.py" line="29" />
            <source>This item cannot be lent here.</source>
            <translation>Item ini tidak dapat dipinjam di sini.</translation>
        </message>
        <message>
            <location filename="../texts.py" line="30" />
            <source>A library card is on the pad: please take it off.</source>
            <translation>Ada kartu perpustakaan di atas pad: silakan angkat.</translation>
        </message>
        <message>
            <location filename="../texts.py" line="31" />
            <location filename="../texts.py" line="51" />
            <source>Done</source>
            <translation>Selesai</translation>
        </message>
        <message>
            <location filename="../texts.py" line="32" />
            <location filename="../texts.py" line="56" />
            <source>Not done: please see staff</source>
            <translation>Belum selesai: silakan hubungi petugas</translation>
        </message>
        <message>
            <location filename="../texts.py" line="36" />
            <source>We could not find this card. Please check the number or ask at the desk.</source>
            <translation>Kartu ini tidak ditemukan. Periksa nomornya atau tanyakan ke meja layanan.</translation>
        </message>
        <message>
            <location filename="../texts.py" line="37" />
            <source>The PIN is not correct. Please try again.</source>
            <translation>PIN salah. Silakan coba lagi.</translation>
        </message>
        <message>
            <location filename="../texts.py" line="38" />
            <source>Too many wrong PINs. Please ask at the desk.</source>
            <translation>Terlalu banyak PIN salah. Silakan tanyakan ke meja layanan.</translation>
        </message>
        <message>
            <location filename="../texts.py" line="39" />
            <source>Your card is blocked. Please ask at the desk.</source>
            <translation>Kartu Anda diblokir. Silakan tanyakan ke meja layanan.</translation>
        </message>
        <message>
            <location filename="../texts.py" line="40" />
            <source>Your card has expired. Please renew it at the desk.</source>
            <translation>Kartu Anda sudah kedaluwarsa. Silakan perpanjang di meja layanan.</translation>
        </message>
        <message>
            <location filename="../texts.py" line="41" />
            <source>You have fees to pay before borrowing.</source>
            <translation>Anda harus membayar denda sebelum meminjam.</translation>
        </message>
        <message>
            <location filename="../texts.py" line="42" />
            <source>You have overdue items. Please return them first.</source>
            <translation>Anda memiliki item terlambat. Silakan kembalikan dulu.</translation>
        </message>
        <message>
            <location filename="../texts.py" line="43" />
            <source>This card was reported lost. Please ask at the desk.</source>
            <translation>Kartu ini dilaporkan hilang. Silakan tanyakan ke meja layanan.</translation>
        </message>
        <message>
            <location filename="../texts.py" line="44" />
            <source>The library system cannot be reached right now. Please ask at the desk.</source>
            <translation>Sistem perpustakaan sedang tidak dapat dihubungi. Silakan tanyakan ke meja layanan.</translation>
        </message>
        <message>
            <location filename="../texts.py" line="45" />
            <source>The card could not be read. Please try again.</source>
            <translation>Kartu tidak dapat dibaca. Silakan coba lagi.</translation>
        </message>
        <message>
            <location filename="../texts.py" line="46" />
            <source>Staff credentials were not accepted.</source>
            <translation>Kredensial petugas tidak diterima.</translation>
        </message>
        <message>
            <location filename="../texts.py" line="47" />
            <location filename="../texts.py" line="113" />
            <source>Please ask at the desk.</source>
            <translation>Silakan tanyakan ke meja layanan.</translation>
        </message>
        <message>
            <location filename="../texts.py" line="52" />
            <source>Refused</source>
            <translation>Ditolak</translation>
        </message>
        <message>
            <location filename="../texts.py" line="53" />
            <source>Recorded, but the security tag could not be set: please see staff</source>
            <translation>Tercatat, tetapi label keamanan gagal diatur: silakan hubungi petugas</translation>
        </message>
        <message>
            <location filename="../texts.py" line="54" />
            <source>Not lent: the security tag could not be changed</source>
            <translation>Tidak dipinjamkan: label keamanan tidak dapat diubah</translation>
        </message>
        <message>
            <location filename="../texts.py" line="55" />
            <source>Lifted too soon: not done. Place it again.</source>
            <translation>Diangkat terlalu cepat: belum selesai. Letakkan lagi.</translation>
        </message>
        <message>
            <location filename="../texts.py" line="60" />
            <location filename="../texts.py" line="101" />
            <source>Borrowed</source>
            <translation>Dipinjam</translation>
        </message>
        <message>
            <location filename="../texts.py" line="61" />
            <source>Renewed</source>
            <translation>Diperpanjang</translation>
        </message>
        <message>
            <location filename="../texts.py" line="62" />
            <source>Returned</source>
            <translation>Dikembalikan</translation>
        </message>
        <message>
            <location filename="../texts.py" line="63" />
            <source>Reserved item collected</source>
            <translation>Pesanan sudah diambil</translation>
        </message>
        <message>
            <location filename="../texts.py" line="64" />
            <source>Dispensed and borrowed</source>
            <translation>Dikeluarkan dan dipinjam</translation>
        </message>
        <message>
            <location filename="../texts.py" line="68" />
            <source>Put it in the return bin</source>
            <translation>Masukkan ke kotak pengembalian</translation>
        </message>
        <message>
            <location filename="../texts.py" line="69" />
            <source>Reserved for another reader: put it in the holds bin</source>
            <translation>Dipesan pembaca lain: masukkan ke kotak pesanan</translation>
        </message>
        <message>
            <location filename="../texts.py" line="70" />
            <source>Belongs to another branch: put it in the transit bin</source>
            <translation>Milik cabang lain: masukkan ke kotak transit</translation>
        </message>
        <message>
            <location filename="../texts.py" line="71" />
            <source>Please hand it to staff</source>
            <translation>Silakan serahkan ke petugas</translation>
        </message>
        <message>
            <location filename="../texts.py" line="75" />
            <source>Place your items on the pad.</source>
            <translation>Letakkan item Anda di atas pad.</translation>
        </message>
        <message>
            <location filename="../texts.py" line="76" />
            <source>You have reached your loan limit.</source>
            <translation>Anda sudah mencapai batas pinjaman.</translation>
        </message>
        <message>
            <location filename="../texts.py" line="77" />
            <source>There is nothing to borrow yet.</source>
            <translation>Belum ada yang bisa dipinjam.</translation>
        </message>
        <message>
            <location filename="../texts.py" line="78" />
            <source>Working offline: your loans will be sent to the library system later.</source>
            <translation>Sedang offline: pinjaman Anda akan dikirim ke sistem perpustakaan nanti.</translation>
        </message>
        <message>
            <location filename="../texts.py" line="79" />
            <source>Thank you for your feedback!</source>
            <translation>Terima kasih atas masukan Anda!</translation>
        </message>
        <message>
            <location filename="../texts.py" line="80" />
            <source>Synchronisation started.</source>
            <translation>Sinkronisasi dimulai.</translation>
        </message>
        <message>
            <location filename="../texts.py" line="81" />
            <source>The session was cleared.</source>
            <translation>Sesi telah dihapus.</translation>
        </message>
        <message>
            <location filename="../texts.py" line="82" />
            <source>That is not possible right now.</source>
            <translation>Saat ini tidak bisa dilakukan.</translation>
        </message>
        <message>
            <location filename="../texts.py" line="83" />
            <source>The receipt could not be printed.</source>
            <translation>Struk tidak dapat dicetak.</translation>
        </message>
        <message>
            <location filename="../texts.py" line="84" />
            <source>Please see staff.</source>
            <translation>Silakan hubungi petugas.</translation>
        </message>
        <message>
            <location filename="../texts.py" line="85" />
            <source>You have used this station's quota.</source>
            <translation>Kuota Anda di stasiun ini sudah habis.</translation>
        </message>
        <message>
            <location filename="../texts.py" line="86" />
            <source>Pickup is not open at this time.</source>
            <translation>Pengambilan belum dibuka saat ini.</translation>
        </message>
        <message>
            <location filename="../texts.py" line="90" />
            <source>The item pad is not working.</source>
            <translation>Pad item tidak berfungsi.</translation>
        </message>
        <message>
            <location filename="../texts.py" line="99" />
            <source>Fetching your book…</source>
            <translation>Mengambil buku Anda…</translation>
        </message>
        <message>
            <location filename="../texts.py" line="100" />
            <source>Please take your book from the slot.</source>
            <translation>Silakan ambil buku Anda dari slot.</translation>
        </message>
        <message>
            <location filename="../texts.py" line="91" />
            <source>The card reader is not working.</source>
            <translation>Pembaca kartu tidak berfungsi.</translation>
        </message>
        <message>
            <location filename="../texts.py" line="92" />
            <source>The station cannot save transactions.</source>
            <translation>Stasiun tidak dapat menyimpan transaksi.</translation>
        </message>
        <message>
            <location filename="../texts.py" line="93" />
            <source>The receipt printer is not working.</source>
            <translation>Printer struk tidak berfungsi.</translation>
        </message>
        <message>
            <location filename="../texts.py" line="94" />
            <source>The dispenser is not working.</source>
            <translation>Mesin pengeluar buku tidak berfungsi.</translation>
        </message>
        <message>
            <location filename="../texts.py" line="95" />
            <source>The station has a technical problem.</source>
            <translation>Stasiun mengalami masalah teknis.</translation>
        </message>
        <message>
            <location filename="../texts.py" line="102" />
            <source>Could not dispense: please see staff</source>
            <translation>Gagal mengeluarkan: silakan hubungi petugas</translation>
        </message>
        <message>
            <location filename="../texts.py" line="106" />
            <source>Goodbye!</source>
            <translation>Sampai jumpa!</translation>
        </message>
        <message>
            <location filename="../texts.py" line="107" />
            <source>The session ended because nothing happened for a while.</source>
            <translation>Sesi berakhir karena tidak ada aktivitas beberapa saat.</translation>
        </message>
        <message>
            <location filename="../texts.py" line="108" />
            <source>Card removed: the session has ended.</source>
            <translation>Kartu dilepas: sesi berakhir.</translation>
        </message>
        <message>
            <location filename="../texts.py" line="109" />
            <source>The session was ended by staff.</source>
            <translation>Sesi diakhiri oleh petugas.</translation>
        </message>
        <message>
            <location filename="../texts.py" line="110" />
            <source>The session ended because of an error.</source>
            <translation>Sesi berakhir karena terjadi kesalahan.</translation>
        </message>
        <message>
            <location filename="../texts.py" line="76" />
            <source>Not renewed: renewing now would not change the due date</source>
            <translation>Tidak diperpanjang: memperpanjang sekarang tidak mengubah tanggal jatuh tempo</translation>
        </message>
        <message>
            <location filename="../texts.py" line="77" />
            <source>Not renewed: no renewals left</source>
            <translation>Tidak diperpanjang: batas perpanjangan habis</translation>
        </message>
        <message>
            <location filename="../texts.py" line="79" />
            <source>Waiting at another branch: collect it there</source>
            <translation>Menunggu di cabang lain: ambil di sana</translation>
        </message>
    </context>
    <context>
        <name>ConfirmScreen</name>
        <message>
            <location filename="../screens/stack.py" line="173" />
            <source>Please confirm</source>
            <translation>Silakan konfirmasi</translation>
        </message>
        <message numerus="yes">
            <location filename="../screens/stack.py" line="174" />
            <source>You are borrowing %n item(s):</source>
            <translation>
                <numerusform>Anda akan meminjam %n item:</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../screens/stack.py" line="176" />
            <source>Back</source>
            <translation>Kembali</translation>
        </message>
        <message>
            <location filename="../screens/stack.py" line="177" />
            <source>Confirm</source>
            <translation>Konfirmasi</translation>
        </message>
    </context>
    <context>
        <name>DispenseScreen</name>
        <message>
            <location filename="../screens/fastbook.py" line="96" />
            <source>Dispensing</source>
            <translation>Mengeluarkan</translation>
        </message>
        <message>
            <location filename="../screens/fastbook.py" line="101" />
            <source>Please wait while FastBook fetches your books.</source>
            <translation>Mohon tunggu, FastBook sedang mengambil buku Anda.</translation>
        </message>
    </context>
    <context>
        <name>DoneScreen</name>
        <message>
            <location filename="../screens/stack.py" line="258" />
            <source>Some items need attention</source>
            <translation>Beberapa item perlu perhatian</translation>
        </message>
        <message>
            <location filename="../screens/stack.py" line="258" />
            <source>All done</source>
            <translation>Semua selesai</translation>
        </message>
        <message numerus="yes">
            <location filename="../screens/stack.py" line="260" />
            <source>%n item(s) done.</source>
            <translation>
                <numerusform>%n item selesai.</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <location filename="../screens/stack.py" line="261" />
            <source>%n item(s) not done: please see staff.</source>
            <translation>
                <numerusform>%n item belum selesai: silakan hubungi petugas.</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../screens/stack.py" line="291" />
            <source>due %1</source>
            <translation>jatuh tempo %1</translation>
        </message>
        <message>
            <location filename="../screens/stack.py" line="294" />
            <source>Renewed, but the due date stays the same</source>
            <translation>Diperpanjang, tetapi tanggal jatuh tempo tetap sama</translation>
        </message>
        <message>
            <location filename="../screens/stack.py" line="303" />
            <source>Please take your items and your library card.</source>
            <translation>Silakan ambil item dan kartu perpustakaan Anda.</translation>
        </message>
        <message>
            <location filename="../screens/stack.py" line="305" />
            <source>Please take your items.</source>
            <translation>Silakan ambil item Anda.</translation>
        </message>
        <message>
            <location filename="../screens/stack.py" line="307" />
            <source>Please take your library card.</source>
            <translation>Silakan ambil kartu perpustakaan Anda.</translation>
        </message>
        <message>
            <location filename="../screens/stack.py" line="271" />
            <source>Receipt printed. Please take it.</source>
            <translation>Struk sudah dicetak. Silakan diambil.</translation>
        </message>
        <message>
            <location filename="../screens/stack.py" line="277" />
            <source>How was it?</source>
            <translation>Bagaimana pengalaman Anda?</translation>
        </message>
        <message>
            <location filename="../screens/stack.py" line="278" />
            <source>Print receipt</source>
            <translation>Cetak struk</translation>
        </message>
        <message>
            <location filename="../screens/stack.py" line="281" />
            <source>Borrow more</source>
            <translation>Pinjam lagi</translation>
        </message>
        <message>
            <location filename="../screens/stack.py" line="283" />
            <source>Finish</source>
            <translation>Selesai</translation>
        </message>
    </context>
    <context>
        <name>ErrorScreen</name>
        <message>
            <location filename="../screens/system.py" line="37" />
            <source>Sorry</source>
            <translation>Maaf</translation>
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
            <translation>FastBook: pilih buku Anda</translation>
        </message>
        <message>
            <location filename="../screens/fastbook.py" line="48" />
            <source>Touch a book to select it.</source>
            <translation>Sentuh buku untuk memilihnya.</translation>
        </message>
        <message numerus="yes">
            <location filename="../screens/fastbook.py" line="50" />
            <source>You can take %n more here today.</source>
            <translation>
                <numerusform>Hari ini Anda masih bisa mengambil %n lagi di sini.</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../screens/fastbook.py" line="67" />
            <source>Reserved for you</source>
            <translation>Dipesan untuk Anda</translation>
        </message>
        <message>
            <location filename="../screens/fastbook.py" line="68" />
            <source>Slot %1</source>
            <translation>Slot %1</translation>
        </message>
        <message>
            <location filename="../screens/fastbook.py" line="68" />
            <source>Not available</source>
            <translation>Tidak tersedia</translation>
        </message>
        <message numerus="yes">
            <location filename="../screens/fastbook.py" line="77" />
            <source>Dispense %n book(s)</source>
            <translation>
                <numerusform>Keluarkan %n buku</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../screens/fastbook.py" line="79" />
            <source>Finish</source>
            <translation>Selesai</translation>
        </message>
    </context>
    <context>
        <name>HoldsScreen</name>
        <message>
            <location filename="../screens/account.py" line="128" />
            <source>Collect your reserved items</source>
            <translation>Ambil pesanan Anda</translation>
        </message>
        <message numerus="yes">
            <location filename="../screens/account.py" line="129" />
            <source>%n item(s) waiting for you.</source>
            <translation>
                <numerusform>Ada %n item menunggu Anda.</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../screens/account.py" line="129" />
            <source>Nothing is waiting for you yet.</source>
            <translation>Belum ada yang menunggu Anda.</translation>
        </message>
        <message numerus="yes">
            <location filename="../screens/account.py" line="131" />
            <source>You can take %n more here today.</source>
            <translation>
                <numerusform>Hari ini Anda masih bisa mengambil %n lagi di sini.</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../screens/account.py" line="147" />
            <source>Waiting for you at %1: collect it there</source>
            <translation>Menunggu Anda di %1: ambil di sana</translation>
        </message>
        <message>
            <location filename="../screens/account.py" line="159" />
            <source>In FastBook slot %1</source>
            <translation>Di slot FastBook %1</translation>
        </message>
        <message>
            <location filename="../screens/account.py" line="161" />
            <source>On the holds shelf: place it on the pad</source>
            <translation>Di rak pesanan: letakkan di atas pad</translation>
        </message>
        <message>
            <location filename="../screens/account.py" line="162" />
            <source>Ready at %1</source>
            <translation>Siap diambil di %1</translation>
        </message>
        <message>
            <location filename="../screens/account.py" line="144" />
            <source>Collect</source>
            <translation>Ambil</translation>
        </message>
        <message>
            <location filename="../screens/account.py" line="151" />
            <source>Waiting</source>
            <translation>Menunggu</translation>
        </message>
        <message>
            <location filename="../screens/account.py" line="152" />
            <source>Back</source>
            <translation>Kembali</translation>
        </message>
        <message>
            <location filename="../screens/account.py" line="153" />
            <source>Collect all</source>
            <translation>Ambil semua</translation>
        </message>
    </context>
    <context>
        <name>IdentifyScreen</name>
        <message>
            <location filename="../screens/identify.py" line="79" />
            <source>That is not a card number. Please try again.</source>
            <translation>Itu bukan nomor kartu. Silakan coba lagi.</translation>
        </message>
        <message>
            <location filename="../screens/identify.py" line="92" />
            <source>Checking your card…</source>
            <translation>Memeriksa kartu Anda…</translation>
        </message>
        <message>
            <location filename="../screens/identify.py" line="92" />
            <source>Type your card number</source>
            <translation>Ketik nomor kartu Anda</translation>
        </message>
        <message>
            <location filename="../screens/identify.py" line="93" />
            <source>One moment, please.</source>
            <translation>Mohon tunggu sebentar.</translation>
        </message>
        <message>
            <location filename="../screens/identify.py" line="93" />
            <source>The number is on the back of your card.</source>
            <translation>Nomornya ada di bagian belakang kartu.</translation>
        </message>
        <message>
            <location filename="../screens/identify.py" line="97" />
            <source>Cancel</source>
            <translation>Batal</translation>
        </message>
    </context>
    <context>
        <name>IdleOverlay</name>
        <message>
            <location filename="../app.py" line="168" />
            <source>Are you still there?</source>
            <translation>Apakah Anda masih di sana?</translation>
        </message>
        <message numerus="yes">
            <location filename="../app.py" line="169" />
            <source>Your session ends in %n second(s).</source>
            <translation>
                <numerusform>Sesi Anda berakhir dalam %n detik.</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../app.py" line="170" />
            <source>I need more time</source>
            <translation>Saya perlu waktu lagi</translation>
        </message>
    </context>
    <context>
        <name>IdleScreen</name>
        <message>
            <location filename="../screens/identify.py" line="35" />
            <source>Welcome to the library</source>
            <translation>Selamat datang di perpustakaan</translation>
        </message>
        <message>
            <location filename="../screens/identify.py" line="38" />
            <source>Place the items you are returning on the pad</source>
            <translation>Letakkan item yang Anda kembalikan di atas pad</translation>
        </message>
        <message>
            <location filename="../screens/identify.py" line="39" />
            <source>One pile at a time. No card needed.</source>
            <translation>Satu tumpuk setiap kali. Tidak perlu kartu.</translation>
        </message>
        <message>
            <location filename="../screens/identify.py" line="41" />
            <source>Place your library card on the reader to borrow from FastBook</source>
            <translation>Letakkan kartu perpustakaan di pembaca untuk meminjam dari FastBook</translation>
        </message>
        <message>
            <location filename="../screens/identify.py" line="42" />
            <location filename="../screens/identify.py" line="45" />
            <source>Or type your card number.</source>
            <translation>Atau ketik nomor kartu Anda.</translation>
        </message>
        <message>
            <location filename="../screens/identify.py" line="44" />
            <source>Place your library card on the reader to collect your reserved items</source>
            <translation>Letakkan kartu perpustakaan di pembaca untuk mengambil pesanan Anda</translation>
        </message>
        <message>
            <location filename="../screens/identify.py" line="47" />
            <source>Place your library card on the reader, or scan its barcode</source>
            <translation>Letakkan kartu perpustakaan di pembaca, atau pindai barcode-nya</translation>
        </message>
        <message>
            <location filename="../screens/identify.py" line="48" />
            <source>Then place your items on the pad.</source>
            <translation>Lalu letakkan item Anda di atas pad.</translation>
        </message>
        <message>
            <location filename="../screens/identify.py" line="49" />
            <source>Type card number</source>
            <translation>Ketik nomor kartu</translation>
        </message>
        <message>
            <location filename="../screens/identify.py" line="51" />
            <source>Return items</source>
            <translation>Kembalikan item</translation>
        </message>
    </context>
    <context>
        <name>ItemRows</name>
        <message>
            <location filename="../screens/stack.py" line="26" />
            <source>Unknown item</source>
            <translation>Item tidak dikenal</translation>
        </message>
        <message>
            <location filename="../screens/stack.py" line="28" />
            <source>(%1 of %2 parts on the pad)</source>
            <translation>(%1 dari %2 bagian di atas pad)</translation>
        </message>
        <message>
            <location filename="../screens/stack.py" line="39" />
            <location filename="../screens/stack.py" line="55" />
            <location filename="../screens/stack.py" line="60" />
            <source>due %1</source>
            <translation>jatuh tempo %1</translation>
        </message>
        <message>
            <location filename="../screens/stack.py" line="48" />
            <source>Ready to return</source>
            <translation>Siap dikembalikan</translation>
        </message>
        <message>
            <location filename="../screens/stack.py" line="50" />
            <source>Ready to borrow · due %1</source>
            <translation>Siap dipinjam · jatuh tempo %1</translation>
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
            <translation>Teks besar</translation>
        </message>
        <message>
            <location filename="../app.py" line="279" />
            <source>Speech</source>
            <translation>Suara</translation>
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
            <translation>Sedang tidak berfungsi</translation>
        </message>
        <message>
            <location filename="../screens/system.py" line="70" />
            <source>Sorry for the trouble. Please use another station or ask at the desk.</source>
            <translation>Mohon maaf atas ketidaknyamanannya. Gunakan stasiun lain atau tanyakan ke meja layanan.</translation>
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
            <translation>Masukkan PIN Anda</translation>
        </message>
        <message>
            <location filename="../screens/identify.py" line="127" />
            <source>Your PIN is 4 to 12 digits. Shield the keypad with your hand.</source>
            <translation>PIN terdiri dari 4 sampai 12 angka. Tutupi papan tombol dengan tangan Anda.</translation>
        </message>
        <message numerus="yes">
            <location filename="../screens/identify.py" line="130" />
            <source>The PIN is not correct. %n attempt(s) left.</source>
            <translation>
                <numerusform>PIN salah. Sisa %n kali percobaan.</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <location filename="../screens/identify.py" line="132" />
            <source>%n attempt(s) left.</source>
            <translation>
                <numerusform>Sisa %n kali percobaan.</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../screens/identify.py" line="136" />
            <source>Cancel</source>
            <translation>Batal</translation>
        </message>
    </context>
    <context>
        <name>ReturnScreen</name>
        <message>
            <location filename="../screens/stack.py" line="195" />
            <source>Return</source>
            <translation>Pengembalian</translation>
        </message>
        <message>
            <location filename="../screens/stack.py" line="196" />
            <source>Borrow</source>
            <translation>Pinjam</translation>
        </message>
        <message>
            <location filename="../screens/stack.py" line="199" />
            <source>Thank you. Follow the instruction for each item.</source>
            <translation>Terima kasih. Ikuti petunjuk untuk setiap item.</translation>
        </message>
        <message>
            <location filename="../screens/stack.py" line="201" />
            <source>Place the items you are returning on the pad</source>
            <translation>Letakkan item yang Anda kembalikan di atas pad</translation>
        </message>
        <message>
            <location filename="../screens/stack.py" line="203" />
            <source>Finish</source>
            <translation>Selesai</translation>
        </message>
    </context>
    <context>
        <name>Screen</name>
        <message>
            <location filename="../screens/base.py" line="71" />
            <source>Hello, %1</source>
            <extracomment>a stable name (screenshots, tests, logs)</extracomment>
            <translation>Halo, %1</translation>
        </message>
    </context>
    <context>
        <name>StackScreen</name>
        <message>
            <location filename="../screens/stack.py" line="137" />
            <source>Borrow</source>
            <translation>Pinjam</translation>
        </message>
        <message>
            <location filename="../screens/stack.py" line="139" />
            <source>Working… please leave the items on the pad.</source>
            <translation>Sedang diproses… biarkan item tetap di atas pad.</translation>
        </message>
        <message>
            <location filename="../screens/stack.py" line="141" />
            <source>Add more items, or lift an item to take it off the list.</source>
            <translation>Tambahkan item lagi, atau angkat item untuk menghapusnya dari daftar.</translation>
        </message>
        <message>
            <location filename="../screens/stack.py" line="143" />
            <source>Place your items on the pad. They will appear here.</source>
            <translation>Letakkan item Anda di atas pad. Item akan muncul di sini.</translation>
        </message>
        <message numerus="yes">
            <location filename="../screens/stack.py" line="146" />
            <source>Borrow %n item(s)</source>
            <translation>
                <numerusform>Pinjam %n item</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../screens/stack.py" line="148" />
            <source>My account</source>
            <translation>Akun saya</translation>
        </message>
        <message>
            <location filename="../screens/stack.py" line="150" />
            <source>Return items</source>
            <translation>Kembalikan item</translation>
        </message>
        <message>
            <location filename="../screens/stack.py" line="153" />
            <source>Finish</source>
            <translation>Selesai</translation>
        </message>
    </context>
    <context>
        <name>Staff</name>
        <message>
            <location filename="../screens/system.py" line="137" />
            <source>never</source>
            <translation>belum pernah</translation>
        </message>
    </context>
    <context>
        <name>StaffLoginScreen</name>
        <message>
            <location filename="../screens/system.py" line="120" />
            <source>Staff sign-in</source>
            <translation>Masuk petugas</translation>
        </message>
        <message>
            <location filename="../screens/system.py" line="122" />
            <source>Enter your staff PIN.</source>
            <translation>Masukkan PIN petugas Anda.</translation>
        </message>
        <message>
            <location filename="../screens/system.py" line="122" />
            <source>Place your staff card on the reader or type your staff number.</source>
            <translation>Letakkan kartu petugas di pembaca atau ketik nomor petugas Anda.</translation>
        </message>
        <message>
            <location filename="../screens/system.py" line="127" />
            <source>Cancel</source>
            <translation>Batal</translation>
        </message>
    </context>
    <context>
        <name>StaffScreen</name>
        <message>
            <location filename="../screens/system.py" line="170" />
            <source>Staff mode</source>
            <translation>Mode petugas</translation>
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
            <translation>sinkronisasi terakhir %1</translation>
        </message>
        <message numerus="yes">
            <location filename="../screens/system.py" line="178" />
            <source>%n transaction(s) waiting to be sent</source>
            <translation>
                <numerusform>%n transaksi menunggu dikirim</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../screens/system.py" line="180" />
            <source>oldest %1</source>
            <translation>terlama %1</translation>
        </message>
        <message>
            <location filename="../screens/system.py" line="182" />
            <source>A patron session is open.</source>
            <translation>Ada sesi pembaca yang terbuka.</translation>
        </message>
        <message>
            <location filename="../screens/system.py" line="182" />
            <source>No patron session.</source>
            <translation>Tidak ada sesi pembaca.</translation>
        </message>
        <message>
            <location filename="../screens/system.py" line="188" />
            <source>Working</source>
            <translation>Berfungsi</translation>
        </message>
        <message>
            <location filename="../screens/system.py" line="188" />
            <source>Not working</source>
            <translation>Tidak berfungsi</translation>
        </message>
        <message>
            <location filename="../screens/system.py" line="190" />
            <source>Refresh</source>
            <translation>Muat ulang</translation>
        </message>
        <message>
            <location filename="../screens/system.py" line="191" />
            <source>Force sync</source>
            <translation>Paksa sinkronisasi</translation>
        </message>
        <message>
            <location filename="../screens/system.py" line="192" />
            <source>Clear session</source>
            <translation>Hapus sesi</translation>
        </message>
        <message>
            <location filename="../screens/system.py" line="194" />
            <source>Exit to desktop</source>
            <translation>Keluar ke desktop</translation>
        </message>
        <message>
            <location filename="../screens/system.py" line="195" />
            <source>Leave staff mode</source>
            <translation>Keluar mode petugas</translation>
        </message>
    </context>
    <context>
        <name>Station</name>
        <message>
            <location filename="../app.py" line="80" />
            <source>Self-checkout</source>
            <extracomment>Which screen shows each core state.</extracomment>
            <translation>Peminjaman mandiri</translation>
        </message>
        <message>
            <location filename="../app.py" line="81" />
            <source>Self-return</source>
            <translation>Pengembalian mandiri</translation>
        </message>
        <message>
            <location filename="../app.py" line="82" />
            <source>Borrow and return</source>
            <translation>Pinjam dan kembalikan</translation>
        </message>
        <message>
            <location filename="../app.py" line="83" />
            <source>Reserved items pickup</source>
            <translation>Pengambilan pesanan</translation>
        </message>
        <message>
            <location filename="../app.py" line="84" />
            <source>FastBook</source>
            <translation>FastBook</translation>
        </message>
    </context>
</TS>