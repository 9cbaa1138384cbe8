Attribute VB_Name = "GwnbButtons"
' nianbao: the one ribbon callback of the VBA variant of the workbook (.xlsm), and what the
' clerk is told when the server refuses or fails a call.
'
' Every button in customUI/customUI14.xml has onAction="GwnbButton" and carries the name
' of the server script in its tag (validate, clear_marks, generate_report,
' generate_description), so this module never changes when a button is added.
'
' Needs the xlwings VBA modules of the SAME xlwings version as the server
' (nianbao addin-vba exports them): xlwings.bas, Dictionary.cls, Remote.bas,
' IWebAuthenticator.cls, WebClient.cls, WebRequest.cls, WebResponse.cls, WebHelpers.bas.
' One line of Remote.bas is changed when the workbook is built (xl_addin/server/xlsm.py):
' where RunServerPython would show a refused call's raw body under the title "Error", it
' calls GwnbRefused, which shows the server's Chinese sentence under the tab's Chinese title.
'
' Settings come from the (very hidden) sheet "xlwings.conf" of this workbook, column A
' key, column B value (xlwings GetConfig): GWNB_URL (server address, no trailing slash),
' TIMEOUT (ms), EXCLUDE (xlwings.conf itself), and AUTH (the access token) only when the
' workbook was built with one; without it xlwings reads AUTH from the user's own
' %USERPROFILE%\.xlwings\xlwings.conf (docs/server.md).
'
' The template's sheets are protected without a password; the server's answer colours
' cells and writes the results sheet, which a protected sheet refuses. So the sheets are
' unprotected for the call and protected again afterwards with every option each had.
' Keep this file ASCII: VBA imports .bas files in the system code page, so Chinese messages
' are written as Unicode code points and decoded by Zh().
Option Explicit

Public Sub GwnbButton(control As IRibbonControl)
    Dim baseUrl As String
    baseUrl = GetConfig("GWNB_URL", "")
    If Len(baseUrl) = 0 Then
        ' "the workbook lacks the server address (GWNB_URL in the hidden sheet xlwings.conf)"
        MsgBox Zh("5DE5 4F5C 7C3F 7F3A 5C11 670D 52A1 5668 5730 5740 FF08 9690 85CF 7684 0020 0078 006C 0077 0069 006E 0067 0073 002E 0063 006F 006E 0066 0020 5DE5 4F5C 8868 4E2D 7684 0020 0047 0057 004E 0042 005F 0055 0052 004C FF09 FF0C 8BF7 8054 7CFB 53BF 7EA7 4FE1 606F 5316 7BA1 7406 5458 3002"), vbExclamation, GwnbTitle()
        Exit Sub
    End If
    If Right(baseUrl, 1) = "/" Then baseUrl = Left(baseUrl, Len(baseUrl) - 1)

    Dim wb As Workbook, ws As Worksheet, states As Collection
    Set wb = ActiveWorkbook
    Set states = New Collection
    For Each ws In wb.Worksheets
        If ws.ProtectContents Then
            ' every option Protect takes, in RestoreProtection's order
            With ws.Protection
                states.Add Array(ws.Name, ws.ProtectDrawingObjects, ws.ProtectScenarios, ws.EnableSelection, _
                                 .AllowFormattingCells, .AllowFormattingColumns, .AllowFormattingRows, _
                                 .AllowInsertingColumns, .AllowInsertingRows, .AllowInsertingHyperlinks, _
                                 .AllowDeletingColumns, .AllowDeletingRows, .AllowSorting, .AllowFiltering, _
                                 .AllowUsingPivotTables)
            End With
            On Error Resume Next
            ws.Unprotect
            On Error GoTo 0
        End If
    Next ws

    Dim msg As String
    On Error GoTo Failed
    RunServerPython baseUrl & "/xlwings/custom-scripts-call/" & control.Tag
    On Error GoTo 0
    RestoreProtection wb, states
    Exit Sub
Failed:
    ' "the button failed: " and what VBA says
    msg = Zh("6309 94AE 8FD0 884C 51FA 9519 FF1A") & Err.Description & " (" & Err.Number & ")"
    Resume AfterError
AfterError:
    RestoreProtection wb, states
    MsgBox msg, vbExclamation, GwnbTitle()
End Sub

' Called by Remote.RunServerPython (the one changed line) for any answer but 200.
Public Sub GwnbRefused(response As WebResponse)
    MsgBox GwnbRefusalText(response.StatusCode, response.Content, CLng(Val(GetConfig("TIMEOUT", "120000")))), _
           vbCritical, GwnbTitle()
End Sub

' The sentence for a refused or failed call, as the JavaScript add-ins say it (gwnb-core.js
' detailOf): the server's "detail" of a JSON answer, else its Chinese plain-text answer, else the
' HTTP status in a Chinese sentence. WebClient answers 408 itself, with no body, when the
' server cannot be reached or does not answer within TIMEOUT.
Public Function GwnbRefusalText(status As Long, content As String, timeoutMs As Long) As String
    Dim detail As String
    If status = 408 And Len(content) = 0 Then
        ' "cannot reach the server, or it did not answer within N seconds ..."
        GwnbRefusalText = Zh("65E0 6CD5 8FDE 63A5 5E74 62A5 670D 52A1 5668 FF0C 6216 670D 52A1 5668 5728") & _
            CStr(timeoutMs \ 1000) & _
            Zh("79D2 5185 6CA1 6709 7B54 590D 3002 8BF7 68C0 67E5 7F51 7EDC FF0C 7A0D 540E 91CD 8BD5 FF1B 4ECD 4E0D 884C 8BF7 8054 7CFB 53BF 7EA7 4FE1 606F 5316 7BA1 7406 5458 3002")
        Exit Function
    End If
    detail = JsonDetail(content)
    If Len(detail) > 0 Then
        GwnbRefusalText = detail
    ElseIf HasChinese(content) And Len(content) < 600 Then
        GwnbRefusalText = Trim(content)
    Else
        ' "the server answered with an error (HTTP n), please try again later ..."
        GwnbRefusalText = Zh("5E74 62A5 670D 52A1 5668 8FD4 56DE 9519 8BEF FF08 0048 0054 0054 0050 0020") & CStr(status) & _
            Zh("FF09 FF0C 8BF7 7A0D 540E 91CD 8BD5 FF1B 5982 4ECD 51FA 9519 FF0C 8BF7 8054 7CFB 53BF 7EA7 4FE1 606F 5316 7BA1 7406 5458 3002")
    End If
End Function

' The title of every message box: the tab's name.
Public Function GwnbTitle() As String
    GwnbTitle = Zh("653F 52A1 516C 5F00 5E74 62A5")
End Function

Private Sub RestoreProtection(wb As Workbook, states As Collection)
    Dim s As Variant
    On Error Resume Next
    For Each s In states
        With wb.Worksheets(s(0))
            .Protect DrawingObjects:=s(1), Contents:=True, Scenarios:=s(2), _
                     AllowFormattingCells:=s(4), AllowFormattingColumns:=s(5), AllowFormattingRows:=s(6), _
                     AllowInsertingColumns:=s(7), AllowInsertingRows:=s(8), AllowInsertingHyperlinks:=s(9), _
                     AllowDeletingColumns:=s(10), AllowDeletingRows:=s(11), AllowSorting:=s(12), _
                     AllowFiltering:=s(13), AllowUsingPivotTables:=s(14)
            .EnableSelection = s(3)
        End With
    Next s
End Sub

' The "detail" text of a JSON object answer such as {"detail": "..."} (FastAPI's), or "".
Private Function JsonDetail(content As String) As String
    Dim s As String, i As Long, ch As String, out As String
    s = Trim(content)
    If Left(s, 1) <> "{" Then Exit Function
    i = InStr(1, s, """detail""")
    If i = 0 Then Exit Function
    i = i + 8
    Do While i <= Len(s)
        ch = Mid(s, i, 1)
        If ch <> " " And ch <> ":" And ch <> vbTab And ch <> vbCr And ch <> vbLf Then Exit Do
        i = i + 1
    Loop
    If Mid(s, i, 1) <> """" Then Exit Function
    i = i + 1
    Do While i <= Len(s)
        ch = Mid(s, i, 1)
        If ch = """" Then
            JsonDetail = out
            Exit Function
        ElseIf ch = "\" Then
            i = i + 1
            ch = Mid(s, i, 1)
            Select Case ch
                Case "n"
                    out = out & vbLf
                Case "t"
                    out = out & vbTab
                Case "r"
                    out = out & vbCr
                Case "u"
                    out = out & ChrW(CLng("&H" & Mid(s, i + 1, 4)))
                    i = i + 4
                Case "b", "f"
                Case Else
                    out = out & ch
            End Select
        Else
            out = out & ch
        End If
        i = i + 1
    Loop
End Function

Private Function HasChinese(text As String) As Boolean
    Dim i As Long, code As Long
    For i = 1 To Len(text)
        code = AscW(Mid(text, i, 1))
        If code < 0 Then code = code + 65536
        If code >= 19968 And code <= 40959 Then
            HasChinese = True
            Exit Function
        End If
    Next i
End Function

Private Function Zh(codes As String) As String
    ' Unicode code points (hex, space separated) -> text.
    Dim part As Variant
    For Each part In Split(codes, " ")
        Zh = Zh & ChrW(CLng("&H" & part))
    Next part
End Function
