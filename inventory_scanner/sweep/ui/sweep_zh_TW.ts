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
</TS>
