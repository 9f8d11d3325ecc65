<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_TW" sourcelanguage="en">
    <context>
        <name>SweepWindow</name>
        <message>
            <source>Walk the wand along the shelf</source>
            <translation>沿書架移動讀取棒</translation>
        </message>
        <message>
            <source>Range %1 (pass %2)</source>
            <translation>書架區段 %1（第 %2 趟）</translation>
        </message>
        <message>
            <source>Stopped: %1</source>
            <translation>已停止：%1</translation>
        </message>
        <message>
            <source>Misplaced: %1 belongs in %2</source>
            <translation>錯架：%1 應放在 %2</translation>
        </message>
        <message>
            <source>On loan but on the shelf: %1</source>
            <translation>借出中卻在架上：%1</translation>
        </message>
        <message>
            <source>Found again (was lost or missing): %1</source>
            <translation>尋獲（原為遺失或缺漏）：%1</translation>
        </message>
        <message>
            <source>Withdrawn but on the shelf: %1</source>
            <translation>已註銷卻在架上：%1</translation>
        </message>
        <message>
            <source>In transit but on the shelf: %1</source>
            <translation>運送中卻在架上：%1</translation>
        </message>
        <message>
            <source>Security marker wrong: %1</source>
            <translation>防盜標記錯誤：%1</translation>
        </message>
        <message>
            <source>Unknown tag: %1</source>
            <translation>不明標籤：%1</translation>
        </message>
        <message>
            <source>Security marker fixed: %1</source>
            <translation>防盜標記已修正：%1</translation>
        </message>
        <message>
            <source>Found: %1</source>
            <translation>找到：%1</translation>
        </message>
        <message>
            <source>Find finished</source>
            <translation>尋書結束</translation>
        </message>
        <message>
            <source>Sweep finished</source>
            <translation>盤點完成</translation>
        </message>
        <message>
            <source>Seen %1 · missing %2 · misplaced %3 · problems %4 · passes %5</source>
            <translation>已讀 %1 · 缺漏 %2 · 錯架 %3 · 問題 %4 · 趟數 %5</translation>
        </message>
        <message>
            <source>Find</source>
            <translation>尋書</translation>
        </message>
        <message>
            <source>Shelf sweep</source>
            <translation>書架盤點</translation>
        </message>
        <message>
            <source>Large type</source>
            <translation>大字體</translation>
        </message>
        <message>
            <source>Ready</source>
            <translation>就緒</translation>
        </message>
    </context>
    <context>
        <name>ListPicker</name>
        <message>
            <source>Choose a range or a pull list</source>
            <translation>選擇書架區段或調閱清單</translation>
        </message>
        <message>
            <source>Shelf-list file</source>
            <translation>館藏清單檔案</translation>
        </message>
        <message>
            <source>From the centre</source>
            <translation>從中心取得</translation>
        </message>
        <message>
            <source>File</source>
            <translation>檔案</translation>
        </message>
        <message>
            <source>Browse…</source>
            <translation>瀏覽…</translation>
        </message>
        <message>
            <source>From call number</source>
            <translation>起始索書號</translation>
        </message>
        <message>
            <source>To call number</source>
            <translation>結束索書號（不含）</translation>
        </message>
        <message>
            <source>Sweep the range</source>
            <translation>盤點此區段</translation>
        </message>
        <message>
            <source>Find the pull list</source>
            <translation>尋找調閱清單上的書</translation>
        </message>
        <message>
            <source>Pull list: %1 items</source>
            <translation>調閱清單：%1 冊</translation>
        </message>
        <message>
            <source>%1 (%2 items)</source>
            <translation>%1（%2 冊）</translation>
        </message>
        <message>
            <source>Start</source>
            <translation>開始</translation>
        </message>
        <message>
            <source>Cannot read %1: %2</source>
            <translation>無法讀取 %1：%2</translation>
        </message>
        <message>
            <source>Choose a file or a range</source>
            <translation>請選擇檔案或區段</translation>
        </message>
    </context>
</TS>
