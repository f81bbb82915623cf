package client

// AttachmentTo is the attachment of the disk to instanceID, if it has one.
// The volume and attachment resources judge their waits by it, and the
// instance resource's destroy warning lists the disks a release detaches.
func (v *Volume) AttachmentTo(instanceID string) (VolumeAttachment, bool) {
	for _, a := range v.Attachments {
		if a.InstanceID == instanceID {
			return a, true
		}
	}
	return VolumeAttachment{}, false
}

// AttachedInstance is the instance the disk is attached to, "" when it is
// detached. A CDS disk is attached to one instance at most.
func (v *Volume) AttachedInstance() string {
	if len(v.Attachments) == 0 {
		return ""
	}
	return v.Attachments[0].InstanceID
}
