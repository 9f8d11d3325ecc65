<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="id" sourcelanguage="en">
    <context>
        <name>SweepWindow</name>
        <message>
            <source>Walk the wand along the shelf</source>
            <translation>Gerakkan tongkat pembaca di sepanjang rak</translation>
        </message>
        <message>
            <source>Range %1 (pass %2)</source>
            <translation>Rentang %1 (putaran %2)</translation>
        </message>
        <message>
            <source>Stopped: %1</source>
            <translation>Berhenti: %1</translation>
        </message>
        <message>
            <source>Misplaced: %1 belongs in %2</source>
            <translation>Salah letak: %1 seharusnya di %2</translation>
        </message>
        <message>
            <source>On loan but on the shelf: %1</source>
            <translation>Sedang dipinjam tetapi di rak: %1</translation>
        </message>
        <message>
            <source>Found again (was lost or missing): %1</source>
            <translation>Ditemukan kembali (hilang atau tidak ada): %1</translation>
        </message>
        <message>
            <source>Withdrawn but on the shelf: %1</source>
            <translation>Sudah dihapus tetapi di rak: %1</translation>
        </message>
        <message>
            <source>In transit but on the shelf: %1</source>
            <translation>Dalam pengiriman tetapi di rak: %1</translation>
        </message>
        <message>
            <source>Security marker wrong: %1</source>
            <translation>Penanda keamanan salah: %1</translation>
        </message>
        <message>
            <source>Unknown tag: %1</source>
            <translation>Tag tidak dikenal: %1</translation>
        </message>
        <message>
            <source>Security marker fixed: %1</source>
            <translation>Penanda keamanan diperbaiki: %1</translation>
        </message>
        <message>
            <source>Found: %1</source>
            <translation>Ditemukan: %1</translation>
        </message>
        <message>
            <source>Find finished</source>
            <translation>Pencarian selesai</translation>
        </message>
        <message>
            <source>Sweep finished</source>
            <translation>Inventarisasi selesai</translation>
        </message>
        <message>
            <source>Seen %1 · missing %2 · misplaced %3 · problems %4 · passes %5</source>
            <translation>Terlihat %1 · hilang %2 · salah letak %3 · masalah %4 · putaran %5</translation>
        </message>
        <message>
            <source>Find</source>
            <translation>Cari</translation>
        </message>
        <message>
            <source>Shelf sweep</source>
            <translation>Inventarisasi rak</translation>
        </message>
        <message>
            <source>Large type</source>
            <translation>Huruf besar</translation>
        </message>
        <message>
            <source>Ready</source>
            <translation>Siap</translation>
        </message>
    </context>
    <context>
        <name>ListPicker</name>
        <message>
            <source>Choose a range or a pull list</source>
            <translation>Pilih rentang rak atau daftar tarik</translation>
        </message>
        <message>
            <source>Shelf-list file</source>
            <translation>Berkas daftar rak</translation>
        </message>
        <message>
            <source>From the centre</source>
            <translation>Ambil dari pusat</translation>
        </message>
        <message>
            <source>File</source>
            <translation>Berkas</translation>
        </message>
        <message>
            <source>Browse…</source>
            <translation>Telusuri…</translation>
        </message>
        <message>
            <source>From call number</source>
            <translation>Dari nomor panggil</translation>
        </message>
        <message>
            <source>To call number</source>
            <translation>Sampai nomor panggil (tidak termasuk)</translation>
        </message>
        <message>
            <source>Sweep the range</source>
            <translation>Inventarisasi rentang ini</translation>
        </message>
        <message>
            <source>Find the pull list</source>
            <translation>Cari buku dalam daftar tarik</translation>
        </message>
        <message>
            <source>Pull list: %1 items</source>
            <translation>Daftar tarik: %1 eksemplar</translation>
        </message>
        <message>
            <source>%1 (%2 items)</source>
            <translation>%1 (%2 eksemplar)</translation>
        </message>
        <message>
            <source>Start</source>
            <translation>Mulai</translation>
        </message>
        <message>
            <source>Cannot read %1: %2</source>
            <translation>Tidak dapat membaca %1: %2</translation>
        </message>
        <message>
            <source>Choose a file or a range</source>
            <translation>Pilih berkas atau rentang</translation>
        </message>
    </context>
</TS>
